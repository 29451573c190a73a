using Ingestion.Client;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;

namespace Ingestion.Sample.App;

/// <summary>
/// An agent over the gateway's MCP server: it connects with the app's own credential, takes the server's tools, and
/// lets the chat model call them (Microsoft.Extensions.AI's function invocation) until it answers.
/// </summary>
internal sealed class Agent(IngestionClient ingestion, IngestionClientOptions options, IServiceProvider services)
{
    private const string Instructions = "Answer the question from the organisation's documents: call get_context (or search) first, " +
        "answer only from the passages it returns, and cite them by number.";

    /// <summary>Whether a chat model is configured (<c>ConnectionStrings__chat</c>).</summary>
    public bool HasModel => services.GetService<IChatClient>() is not null;

    public async Task<AgentAnswer> AnswerAsync(string question, CancellationToken cancellationToken)
    {
        var chat = services.GetService<IChatClient>()
            ?? throw new InvalidOperationException("No chat model is configured: set ConnectionStrings__chat to 'Endpoint=…;Key=…;Model=…'.");
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(ingestion.BaseAddress!, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = options.ApiKey is { Length: > 0 } key ? new Dictionary<string, string> { ["X-Api-Key"] = key } : null,
        });
        await using var mcp = await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
        var tools = await mcp.ListToolsAsync(cancellationToken: cancellationToken);
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, question)],
            new ChatOptions { Tools = [.. tools] },
            cancellationToken);
        var called = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.Name).ToList();
        return new AgentAnswer(response.Text, called);
    }
}

/// <summary>The agent's answer, and the tools it called on the way.</summary>
internal sealed record AgentAnswer(string Answer, IReadOnlyList<string> ToolsCalled);
