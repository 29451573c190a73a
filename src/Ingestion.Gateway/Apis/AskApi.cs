using System.Diagnostics;
using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Experiments;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Judgments;
using Ingestion.Gateway.Model;
using Ingestion.Gateway.Security;
using Ingestion.Index.Judgments;
using Microsoft.AspNetCore.Http.HttpResults;
using AnswerStatus = Ingestion.Client.Model.AnswerStatus;
using AskAnswer = Ingestion.Client.Model.AskAnswer;
using AskCitation = Ingestion.Client.Model.AskCitation;
using AskContextReport = Ingestion.Client.Model.AskContextReport;
using AskResponse = Ingestion.Client.Model.AskResponse;
using PromptMessage = Ingestion.Client.Model.PromptMessage;

namespace Ingestion.Gateway.Apis;

/// <summary>
/// RAG context assembly: a hybrid search whose passages are fitted into a token budget and numbered for citation,
/// answered by the configured chat model when there is one.
/// </summary>
public static class AskApi
{
    private const string NotConfiguredNote =
        "No chat model is configured, so no answer was asked for. Set ConnectionStrings__chat to " +
        "'Endpoint=<OpenAI-compatible API URL>;Key=<key>;Model=<model>' to get answers; the prompt here is what the model would be given.";

    private const string NotRequestedNote = "The request set answer to false: here is the context only.";

    public static RouteGroupBuilder MapAskApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/ask").WithTags("Ask");
        group.MapPost("/", Ask)
            .WithSummary("Search, fit the best passages into a token budget with numbered citations, and answer with the configured chat model.")
            .RequireScope(Scopes.Read)
            .RequireRateLimiting(GatewayRateLimiting.AskPolicy);
        return group;
    }

    public static async Task<Results<Ok<AskResponse>, ValidationProblem, ProblemHttpResult>> Ask(
        AskRequest request,
        Caller caller,
        [AsParameters] AskServices services,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var started = Stopwatch.GetTimestamp();
        var gateway = services.Options.Value;
        var errors = new RequestErrors();
        if (request.Validate(gateway, services.Assembler, errors) is not { } ask)
        {
            return errors.ToProblem();
        }

        // An ask takes part in a running experiment with its caller's arm (a prompt's passages are not interleaved).
        var draw = services.Experiments.Draw(caller, gateway.Fusion.ToParameters(), interleaving: false);
        var hits = await services.Searcher.SearchAsync(ask.Question, ask.Mode, ask.Candidates, draw?.Parameters ?? gateway.Fusion.ToParameters(), ask.Filter, caller, cancellationToken);
        var context = services.Assembler.Assemble(ask.Question, hits, ask.BudgetTokens);

        GroundedAnswer answer;
        try
        {
            answer = ask.Answer ? await services.Answerer.AnswerAsync(context, gateway.Ask.MaxAnswerTokens, cancellationToken) : GroundedAnswer.NotRequested;
        }
        catch (Exception e) when (e is System.ClientModel.ClientResultException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The context is assembled; the model failed. Say so plainly: a 502 names the upstream as the culprit.
            services.Loggers.CreateLogger(typeof(AskApi)).LogWarning(e, "The chat endpoint failed to answer a question of {PromptTokens} prompt tokens", context.PromptTokens);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status502BadGateway,
                title: "The chat model failed",
                detail: $"The chat endpoint (ConnectionStrings__chat) did not answer: {UpstreamFailure(e)}. The gateway's log has its error.");
        }

        if (draw is not null)
        {
            // Once the caller is sure to be answered (a 502 shows it nothing), with what its own answer cited.
            var cited = context.Passages.Where(p => answer.CitationsUsed?.Contains(p.Number) == true).Select(p => p.DocumentId).ToHashSet(StringComparer.Ordinal);
            await services.ExperimentLog.RecordAsync(draw, ExperimentLog.AskKind, ask.Question, ExperimentSearch.Shown(context.Passages.Select(p => (p.DocumentId, draw.Arm))), cited);
        }

        await KeepCitationsAsync(ask.Question, answer, context, services);
        var took = Stopwatch.GetElapsedTime(started);
        var status = answer.Status;
        services.Metrics.Asked(status.ToString(), context.PromptTokens, took);
        return TypedResults.Ok(new AskResponse(
            ask.Question,
            new AskAnswer(status, answer.Text, answer.Model, answer.CitationsUsed, answer.InputTokens, answer.OutputTokens, status switch
            {
                AnswerStatus.NotConfigured => NotConfiguredNote,
                AnswerStatus.NotRequested => NotRequestedNote,
                _ => null,
            }),
            [.. context.Passages.Select(p => new AskCitation(p.Number, p.DocumentId, p.Version, p.Title, p.StartOffset, p.EndOffset, p.Page, p.ChunkIds, p.Score, p.Trimmed, p.Text, p.Context))],
            [.. context.Messages.Select(m => new PromptMessage(m.Role.Value, m.Text))],
            new AskContextReport(context.PromptTokens, context.BudgetTokens, context.Tokenizer, SearchModeText.Name(ask.Mode), context.Candidates, context.Passages.Count, context.MergedChunks, context.Duplicates, context.LeftOut),
            took.TotalMilliseconds));
    }

    /// <summary>
    /// The documents the model cited are evidence that they answer the question: kept as grade-1 judgments in the
    /// <c>citations</c> set (judged by the model). An answer is never failed for it: the store's trouble is logged.
    /// </summary>
    private static async Task KeepCitationsAsync(string question, GroundedAnswer answer, AssembledContext context, AskServices services)
    {
        if (answer.CitationsUsed is not { Count: > 0 } used)
        {
            return;
        }

        var documents = context.Passages.Where(p => used.Contains(p.Number)).Select(p => (p.DocumentId, 1)).Distinct().ToList();
        try
        {
            await services.Judgments.AddAsync(JudgmentSetNames.Citations, question, documents, "chat:" + (answer.Model ?? "unknown"), maxPerJudge: null, CancellationToken.None);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or JudgmentSetsFullException)
        {
            services.Loggers.CreateLogger(typeof(AskApi)).LogWarning(e, "The documents an answer cited could not be kept as judgments");
        }
    }

    /// <summary>
    /// What went wrong upstream, in the system's words: a provider's own error text can hold its endpoint, a masked
    /// key or parts of a prompt, and stays in the gateway's log.
    /// </summary>
    private static string UpstreamFailure(Exception exception) => exception switch
    {
        System.ClientModel.ClientResultException { Status: > 0 } result => $"it answered HTTP {result.Status}",
        HttpRequestException { StatusCode: { } status } => $"it answered HTTP {(int)status}",
        HttpRequestException => "it could not be reached",
        _ => "it did not answer in time",
    };
}
