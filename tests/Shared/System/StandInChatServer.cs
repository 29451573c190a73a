using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Tests.Shared;

/// <summary>
/// A local HTTP server speaking OpenAI's chat-completions protocol, because no real chat model can run on these
/// machines. It does not understand anything: it answers by citing the first and the last numbered passage of
/// the prompt (and one number no passage has), records every request, and fails with 500 when the question
/// contains <see cref="FailMarker"/>. Offered tools (an agent), it first calls <c>get_context</c> (or the first tool)
/// with the question, then answers with what the tool returned (<see cref="ToolAnswerPrefix"/>).
/// </summary>
public sealed partial class StandInChatServer : IAsyncDisposable
{
    public const string Model = "stand-in-model";
    public const string Key = "stand-in-key";
    public const string FailMarker = "stand-in: fail";
    public const string ToolAnswerPrefix = "From the tool:";

    private LocalHttpServer _server = null!;

    /// <summary>Every chat request received, in order.</summary>
    public ConcurrentQueue<ChatRequest> Requests { get; } = new();

    /// <summary>The base address to put in <c>Endpoint=</c>, ending in <c>/v1</c> as OpenAI's does.</summary>
    public Uri Endpoint => new(_server.Address, "/v1");

    /// <summary>The connection string for <c>ConnectionStrings:chat</c>.</summary>
    public string ConnectionString => $"Endpoint={Endpoint};Key={Key};Model={Model}";

    public static async Task<StandInChatServer> StartAsync()
    {
        var stand = new StandInChatServer();
        stand._server = await LocalHttpServer.StartAsync(app => app.MapPost("/v1/chat/completions", (Delegate)stand.CompleteAsync));
        return stand;
    }

    /// <summary>What the stand-in answers to a prompt holding passages numbered 1 to <paramref name="passages"/>.</summary>
    public static string AnswerTo(int passages) => passages == 0
        ? "I do not know."
        : string.Create(CultureInfo.InvariantCulture, $"The first passage says so [1]; the last agrees [{passages}]; [{passages + 10}] is not among them.");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<IResult> CompleteAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body) ?? new JsonObject();
        var messages = body["messages"]!.AsArray().Select(m => new ChatTurn(m!["role"]!.GetValue<string>(), TextOf(m["content"]))).ToList();
        var request = new ChatRequest(
            body["model"]?.GetValue<string>(),
            messages,
            http.Request.Headers.Authorization.ToString(),
            http.Request.Headers["traceparent"].ToString(),
            (body["max_completion_tokens"] ?? body["max_tokens"])?.GetValue<int>());
        Requests.Enqueue(request);

        var user = messages.LastOrDefault(m => m.Role == "user")?.Content ?? string.Empty;
        if (user.Contains(FailMarker, StringComparison.Ordinal))
        {
            return Results.Json(new { error = new { message = "The stand-in was told to fail.", type = "server_error" } }, statusCode: 500);
        }

        if (body["tools"] is JsonArray { Count: > 0 } tools && !messages.Any(m => m.Role == "tool"))
        {
            return ToolCall(tools, user, request.Model);
        }

        var answer = messages.LastOrDefault(m => m.Role == "tool") is { } result
            ? $"{ToolAnswerPrefix} {result.Content}"
            : AnswerTo(PassageHeading().Count(user));
        return Results.Json(new
        {
            id = "chatcmpl-stand-in",
            @object = "chat.completion",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            model = request.Model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
            usage = new { prompt_tokens = user.Length / 4, completion_tokens = answer.Length / 4, total_tokens = (user.Length + answer.Length) / 4 },
        });
    }

    /// <summary>An assistant turn that calls <c>get_context</c> (or the first tool offered) with the question, as a model deciding to look it up would.</summary>
    private static IResult ToolCall(JsonArray tools, string question, string? model)
    {
        var names = tools.Select(t => t?["function"]?["name"]?.GetValue<string>()).OfType<string>().ToList();
        var name = names.Contains("get_context") ? "get_context" : names[0];
        var arguments = new JsonObject { [name == "get_context" ? "question" : "query"] = question }.ToJsonString();
        return Results.Json(new
        {
            id = "chatcmpl-stand-in",
            @object = "chat.completion",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            model,
            choices = new[]
            {
                new
                {
                    index = 0,
                    message = new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id = "call_stand_in", type = "function", function = new { name, arguments } } } },
                    finish_reason = "tool_calls",
                },
            },
            usage = new { prompt_tokens = question.Length / 4, completion_tokens = 10, total_tokens = (question.Length / 4) + 10 },
        });
    }

    /// <summary>Content is a string, or an array of parts of which the text ones count.</summary>
    private static string TextOf(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
        _ => string.Empty,
    };

    [GeneratedRegex(@"^\[\d+\] ", RegexOptions.Multiline)]
    private static partial Regex PassageHeading();
}

public sealed record ChatTurn(string Role, string Content);

/// <summary>One request as the stand-in received it.</summary>
public sealed record ChatRequest(string? Model, IReadOnlyList<ChatTurn> Messages, string Authorization, string TraceParent, int? MaxTokens);
