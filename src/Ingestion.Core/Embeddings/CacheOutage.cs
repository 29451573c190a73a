namespace Ingestion.Core.Embeddings;

/// <summary>What an unreachable embedding cache means to its caller.</summary>
public enum CacheOutage
{
    /// <summary>An error: the caller's work fails and is retried (a worker, whose statuses need Redis anyway).</summary>
    Fail,

    /// <summary>A miss: the vector is computed and not stored (the gateway, which must answer searches while Redis is down).</summary>
    Miss,
}
