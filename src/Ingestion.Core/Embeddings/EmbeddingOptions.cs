using System.ComponentModel.DataAnnotations;

namespace Ingestion.Core.Embeddings;

/// <summary>Which embedding model makes the vectors, and how much of the machine it may use (section <c>Embeddings</c>).</summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Embeddings";

    /// <summary>The value of <see cref="Model"/> that selects an OpenAI-compatible endpoint (<c>ConnectionStrings__embeddings</c>).</summary>
    public const string EndpointModel = "endpoint";

    /// <summary>
    /// <c>all-MiniLM-L6-v2-int8</c> (the default), <c>all-MiniLM-L6-v2</c> (fp32, as packaged) or <c>arctic-embed-xs</c>,
    /// all run here by ONNX Runtime from their NuGet packages; or <c>endpoint</c> for an OpenAI-compatible embeddings
    /// API. Every service of one system uses the same; changing it re-indexes every document.
    /// </summary>
    [Required]
    public string Model { get; set; } = SentenceEncoderModels.Default.Name;

    /// <summary>Threads one encoder batch runs on; defaults to the processor count.</summary>
    [Range(1, 256)]
    public int IntraOpThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Whether ONNX Runtime's threads spin while they wait for the next operator (ONNX Runtime's own default). Off here:
    /// the services share the machine, and spinning threads take CPU the others need. In the gateway a query's threads
    /// spun on the cores the BM25 leg needed; a worker's spun on those of searches and the indexer, and a bulk ingest
    /// beside a stream of searches took 3.5 times as long (docs/benchmarks.md, Ingestion).
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>Texts encoded in one run (after sorting by length), or sent in one request to an endpoint.</summary>
    [Range(1, 2048)]
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// A folder where an int8 model's graph is kept once it is made from the packaged fp32 graph (the AppHost gives
    /// one beside the system's data), checked against its SHA-256 at every load. None: made in memory at each start (about a second).
    /// </summary>
    public string? ModelCache { get; set; }

    /// <summary>The length of an endpoint model's vectors (required with <c>endpoint</c>; the packaged models know theirs).</summary>
    [Range(1, 16_384)]
    public int? Dimensions { get; set; }

    /// <summary>A query encoder tuned on a team's judgments, used for queries of an index of the model it was tuned from.</summary>
    public QueryEncoderOptions QueryEncoder { get; set; } = new();
}
