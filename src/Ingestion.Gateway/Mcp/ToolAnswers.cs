using Microsoft.AspNetCore.Http.HttpResults;
using ModelContextProtocol;

namespace Ingestion.Gateway.Mcp;

/// <summary>
/// An HTTP endpoint's answer as a tool's: the value of a success, or a tool error that says what was wrong as the
/// ProblemDetails said it (an <see cref="McpException"/>'s message reaches the client; other exceptions' do not).
/// </summary>
internal static class ToolAnswers
{
    public static T ValueOf<T>(IResult result) => result switch
    {
        Ok<T> ok => ok.Value!,
        Accepted<T> accepted => accepted.Value!,
        ValidationProblem invalid => throw new McpException(string.Join(" ", invalid.ProblemDetails.Errors.SelectMany(e => e.Value))),
        ProblemHttpResult problem => throw new McpException($"{problem.ProblemDetails.Title}: {problem.ProblemDetails.Detail}"),
        NotFound => throw new McpException("No such document: it does not exist, or the caller may not read it."),
        _ => throw new InvalidOperationException($"The gateway answered {result.GetType().Name}, which this tool does not expect."),
    };

    /// <summary>A tool error unless <paramref name="value"/> is given.</summary>
    public static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new McpException($"{name} is required.") : value;
}
