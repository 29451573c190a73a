namespace Ingestion.Gateway.Ask;

public enum AnswerStatus
{
    /// <summary>The chat model answered from the context.</summary>
    Answered,

    /// <summary>No chat model is configured; the context is returned for the caller's own model.</summary>
    NotConfigured,

    /// <summary>The caller asked for the context only.</summary>
    NotRequested,
}
