namespace Ingestion.Index;

/// <summary>Opens point-in-time views of the indexed chunks.</summary>
public interface IChunkIndexReader
{
    /// <summary>
    /// A view of one index state, so the two legs of a hybrid search see the same documents even
    /// while new commits arrive. Dispose it when the search is done.
    /// </summary>
    IIndexSnapshot AcquireSnapshot();

    /// <summary>Which index searches read, with its model, and the one a re-index is building, if any.</summary>
    Task<IndexState> DescribeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Lets a re-index the switch gate holds switch anyway (an operator's decision); the hold approved, or null when
    /// none is held. The indexer switches within seconds.
    /// </summary>
    Task<SwitchHold?> ApproveHeldSwitchAsync(CancellationToken cancellationToken);
}
