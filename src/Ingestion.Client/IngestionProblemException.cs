using System.Net;

namespace Ingestion.Client;

/// <summary>
/// The gateway's ProblemDetails: what was refused and why, with each field's errors for a bad request, and for a
/// version conflict (409) the version to beat.
/// </summary>
public sealed record IngestionProblem(string? Title, string? Detail, int? Status, IReadOnlyDictionary<string, string[]>? Errors, long? CurrentVersion = null);

/// <summary>
/// The gateway refused a request: <see cref="StatusCode"/> and its <see cref="Problem"/> say why (400 with the errors
/// of each field, 401 without a valid credential, 403 without the scope, 404, 409 for a version conflict, 413 over a
/// size limit, 429 past a rate limit once the client stopped waiting, 503 when a store or the broker is down).
/// </summary>
public sealed class IngestionProblemException : Exception
{
    public IngestionProblemException()
    {
    }

    public IngestionProblemException(string message)
        : base(message)
    {
    }

    public IngestionProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IngestionProblemException(HttpStatusCode statusCode, IngestionProblem? problem, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Problem = problem;
    }

    public HttpStatusCode StatusCode { get; }

    public IngestionProblem? Problem { get; }

    /// <summary>Each field's errors as <c>field: message</c>, or the problem's detail or title.</summary>
    public static string Describe(IngestionProblem? problem)
    {
        var errors = problem?.Errors?.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")).ToList() ?? [];
        return errors.Count > 0 ? string.Join("; ", errors) : problem?.Detail ?? problem?.Title ?? string.Empty;
    }
}
