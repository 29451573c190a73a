namespace Ingestion.Index;

/// <summary>
/// Decides, before a re-index for a new embedding model switches searches to the index it built, whether that index is
/// good enough to switch to (<c>Index:SwitchGate</c>). Without one, a finished re-index switches at once.
/// </summary>
public interface IIndexSwitchGate
{
    /// <summary>Null when searches may move from <paramref name="current"/> to <paramref name="built"/>; else the hold, with why.</summary>
    Task<SwitchHold?> EvaluateAsync(IndexDescription current, IndexDescription built, CancellationToken cancellationToken);
}
