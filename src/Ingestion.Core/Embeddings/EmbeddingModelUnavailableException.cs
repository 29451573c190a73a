namespace Ingestion.Core.Embeddings;

/// <summary>Vectors of a model that this process cannot make were asked for (an endpoint model that is not configured here).</summary>
public sealed class EmbeddingModelUnavailableException : Exception
{
    public EmbeddingModelUnavailableException()
    {
    }

    public EmbeddingModelUnavailableException(string message)
        : base(message)
    {
    }

    public EmbeddingModelUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
