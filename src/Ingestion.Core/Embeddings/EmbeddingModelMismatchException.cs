namespace Ingestion.Core.Embeddings;

/// <summary>Vectors of one model were offered to an index built with another.</summary>
public sealed class EmbeddingModelMismatchException : Exception
{
    public EmbeddingModelMismatchException()
    {
    }

    public EmbeddingModelMismatchException(string message)
        : base(message)
    {
    }

    public EmbeddingModelMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static EmbeddingModelMismatchException For(EmbeddingModelInfo index, EmbeddingModelInfo offered) => new(
        $"The index was built with embedding model '{index.ModelId}' ({index.Dimension} dimensions) " +
        $"and refuses vectors of '{offered.ModelId}' ({offered.Dimension} dimensions). Re-index into a new data folder to change models.");
}
