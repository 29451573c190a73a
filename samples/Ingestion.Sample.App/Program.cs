using Ingestion.Client;
using Ingestion.Client.Model;
using Ingestion.Sample.App;

// A small app on Ingestion's three ways in: the typed client (publish, ask), and an agent whose tools are the
// gateway's MCP server.
var builder = WebApplication.CreateBuilder(args);
// ASP.NET Core logs each request's path and query at Information, and ServiceDefaults export logs to the dashboard:
// the questions in ?q= would be there for every operator to read. The spans keep the path without the query.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.AddServiceDefaults();
builder.AddIngestionClient("ingestion");
builder.AddAgentChatModel();
builder.Services.AddSingleton<Agent>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPost("/notes", (IngestionClient ingestion, CancellationToken cancellationToken) => SampleNotes.PublishAsync(ingestion, cancellationToken))
    .WithSummary("Publishes the sample's notes and waits until they are searchable.");
app.MapGet("/ask", async (string q, IngestionClient ingestion, CancellationToken cancellationToken) =>
    {
        var answer = await ingestion.AskAsync(new AskRequest(q), cancellationToken);
        return new AskAnswerView(answer.Answer.Text ?? answer.Answer.Note, [.. answer.Citations.Select(c => new CitationView(c.Number, c.DocumentId, c.StartOffset, c.EndOffset))]);
    })
    .WithSummary("Answers a question from the notes, with numbered citations.");
app.MapGet("/agent", async (string q, Agent agent, CancellationToken cancellationToken) => agent.HasModel
        ? Results.Ok(await agent.AnswerAsync(q, cancellationToken))
        : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No chat model", detail: "Set ConnectionStrings__chat to 'Endpoint=…;Key=…;Model=…' for the agent."))
    .WithSummary("An agent answers, calling the gateway's MCP tools as it needs them.");
app.Run();

/// <summary>An answer and where its numbered citations are.</summary>
internal sealed record AskAnswerView(string? Answer, IReadOnlyList<CitationView> Citations);

internal sealed record CitationView(int Number, string DocumentId, int StartOffset, int EndOffset);
