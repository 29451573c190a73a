using System.Net;

namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>A request Elasticsearch refused, with its status and the error type and reason it gave.</summary>
public sealed class ElasticsearchException : Exception
{
    public ElasticsearchException()
    {
    }

    public ElasticsearchException(string message)
        : base(message)
    {
    }

    public ElasticsearchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ElasticsearchException(HttpStatusCode status, string? errorType, string message)
        : base(message)
    {
        Status = status;
        ErrorType = errorType;
    }

    public HttpStatusCode Status { get; }

    /// <summary>Elasticsearch's error type, such as <c>mapper_parsing_exception</c>.</summary>
    public string? ErrorType { get; }
}
