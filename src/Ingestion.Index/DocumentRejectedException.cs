namespace Ingestion.Index;

/// <summary>
/// The store cannot hold this document as it is (a value it keeps as one term is too long): the write fails alone,
/// before it reaches the store, and retrying cannot help.
/// </summary>
public sealed class DocumentRejectedException : Exception
{
    public DocumentRejectedException()
    {
    }

    public DocumentRejectedException(string message)
        : base(message)
    {
    }

    public DocumentRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
