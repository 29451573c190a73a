using Elastic.Transport.Products.Elasticsearch;

namespace Ingestion.Index.Elasticsearch;

/// <summary>A request Elasticsearch refused or that did not reach it, with the HTTP status and the error type it gave.</summary>
public sealed class ElasticsearchException : Exception
{
    public ElasticsearchException()
    {
    }

    public ElasticsearchException(string message)
        : base(message)
    {
    }

    public ElasticsearchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ElasticsearchException(int? status, string? errorType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorType = errorType;
    }

    /// <summary>The HTTP status, or null when no answer came (the cluster was unreachable).</summary>
    public int? Status { get; }

    /// <summary>Elasticsearch's error type, such as <c>mapper_parsing_exception</c>.</summary>
    public string? ErrorType { get; }

    /// <summary>Throws unless <paramref name="response"/> is valid, saying what was asked and what the cluster answered.</summary>
    public static void ThrowUnlessValid(ElasticsearchResponse response, string request)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsValidResponse)
        {
            return;
        }

        throw For(response, request);
    }

    public static ElasticsearchException For(ElasticsearchResponse response, string request)
    {
        ArgumentNullException.ThrowIfNull(response);
        var details = response.ApiCallDetails;
        var error = response.ElasticsearchServerError?.Error;
        var answer = details?.HttpStatusCode is { } status
            ? $"{status} {error?.Type}: {error?.Reason}"
            : $"no answer: {details?.OriginalException?.Message}";
        return new ElasticsearchException(details?.HttpStatusCode, error?.Type, $"Elasticsearch refused {request}: {answer}", details?.OriginalException);
    }

    /// <summary>The error type of an invalid response (null when it is valid or carried none).</summary>
    public static string? ErrorTypeOf(ElasticsearchResponse response) =>
        response?.IsValidResponse == false ? response.ElasticsearchServerError?.Error?.Type : null;
}
