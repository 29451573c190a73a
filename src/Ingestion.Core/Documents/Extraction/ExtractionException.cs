namespace Ingestion.Core.Documents.Extraction;

/// <summary>A permanent failure to read a document: retrying the same content cannot succeed.</summary>
public sealed class ExtractionException : Exception
{
    public ExtractionException()
    {
    }

    public ExtractionException(string message)
        : base(message)
    {
    }

    public ExtractionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
