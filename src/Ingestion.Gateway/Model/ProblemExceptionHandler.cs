using Ingestion.Core.Embeddings;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Ingestion.Gateway.Model;

/// <summary>
/// Turns request errors the framework throws (malformed JSON, a body over the limit, a bad
/// parameter) and our own domain errors into RFC 7807 ProblemDetails with the reason spelled out.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e => (e.StatusCode, "Request body too large", e.Message),
            BadHttpRequestException e => (e.StatusCode, "Malformed request", Describe(e)),
            EmbeddingModelMismatchException e => (StatusCodes.Status409Conflict, "Embedding model mismatch", e.Message),
            EmbeddingModelUnavailableException e => (StatusCodes.Status503ServiceUnavailable, "Dense search unavailable", e.Message + " Search with mode=bm25, or configure that model's endpoint."),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>The JSON reader's own message says where the body broke, which is what a client needs.</summary>
    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is System.Text.Json.JsonException json ? $"{exception.Message} {json.Message}" : exception.Message;
}
