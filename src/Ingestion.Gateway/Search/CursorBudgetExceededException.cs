namespace Ingestion.Gateway.Search;

/// <summary>A grouped search's ranking would take a client, or all clients, over the bytes Redis may keep for cursors.</summary>
public sealed class CursorBudgetExceededException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>When the budget's window ends.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
