using System.ComponentModel.DataAnnotations;

namespace Ingestion.Core.Embeddings;

/// <summary>The embedding cache in Redis (section <c>EmbeddingCache</c>).</summary>
public sealed class EmbeddingCacheOptions
{
    public const string SectionName = "EmbeddingCache";

    public bool Enabled { get; set; } = true;

    /// <summary>How long a vector stays cached after it was last written; bounds the cache's memory in Redis.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(7);
}
