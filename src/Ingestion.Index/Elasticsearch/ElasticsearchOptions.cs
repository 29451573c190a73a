using System.ComponentModel.DataAnnotations;

namespace Ingestion.Index.Elasticsearch;

/// <summary>How the store uses an Elasticsearch cluster (section <c>Elasticsearch</c>); the cluster itself is <c>ConnectionStrings:search</c>.</summary>
public sealed class ElasticsearchOptions
{
    public const string SectionName = "Elasticsearch";

    /// <summary>
    /// The alias searches and writes go through. It points at one versioned index (<c>{alias}-{model}-{time}</c>),
    /// so a re-index into a new index switches over atomically by moving the alias.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9_.-]{0,200}$", ErrorMessage = "Elasticsearch:IndexAlias must be a lowercase index name.")]
    public string IndexAlias { get; set; } = "ingestion-chunks";

    /// <summary>
    /// How a new index stores and searches vectors: <c>auto</c> chooses <c>bbq_hnsw</c> (better binary quantisation,
    /// which needs at least 64 dimensions; Elasticsearch 9.1+ picks it by default from 384) and <c>int8_hnsw</c> below
    /// that; or name one of <c>bbq_hnsw</c>, <c>int8_hnsw</c>, <c>int4_hnsw</c>, <c>hnsw</c> (unquantised).
    /// </summary>
    [Required]
    [RegularExpression("^(auto|bbq_hnsw|int8_hnsw|int4_hnsw|hnsw)$", ErrorMessage = "Elasticsearch:VectorIndex must be auto, bbq_hnsw, int8_hnsw, int4_hnsw or hnsw.")]
    public string VectorIndex { get; set; } = "auto";

    /// <summary>Candidates each shard considers in a kNN search; at least k. More is slower and closer to exact.</summary>
    [Range(1, 10_000)]
    public int NumCandidates { get; set; } = 200;

    /// <summary>The largest bulk request body, in bytes.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int BulkMaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The most operations in one bulk request.</summary>
    [Range(1, 100_000)]
    public int BulkMaxItems { get; set; } = 500;

    /// <summary>How often bulk items refused with 429 or 5xx are sent again (with exponential backoff) before the write fails.</summary>
    [Range(0, 20)]
    public int ItemRetries { get; set; } = 5;

    /// <summary>Shards of a newly created index.</summary>
    [Range(1, 1024)]
    public int Shards { get; set; } = 1;

    /// <summary>Replicas of a newly created index (0 on a single-node cluster).</summary>
    [Range(0, 16)]
    public int Replicas { get; set; } = 1;
}
