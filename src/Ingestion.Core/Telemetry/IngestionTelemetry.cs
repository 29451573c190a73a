using System.Diagnostics;

namespace Ingestion.Core.Telemetry;

/// <summary>Every activity source, meter and instrument name of the system, in one place.</summary>
public static class IngestionTelemetry
{
    public const string ActivitySourceName = "Ingestion";
    public const string MeterName = "Ingestion";

    public const string DocumentsIngested = "ingestion.documents.ingested";
    public const string DocumentsFailed = "ingestion.documents.failed";
    public const string ChunksEmbedded = "ingestion.chunks.embedded";
    public const string EmbeddingDuration = "ingestion.embedding.duration";
    public const string DocumentsInFlight = "ingestion.documents.in_flight";
    public const string EmbeddingCacheHits = "ingestion.embedding.cache.hits";
    public const string EmbeddingCacheMisses = "ingestion.embedding.cache.misses";
    public const string PublishToIndexedDuration = "ingestion.documents.publish_to_indexed.duration";
    public const string SearchDuration = "ingestion.search.duration";
    public const string SearchCacheHits = "ingestion.search.cache.hits";
    public const string SearchCacheMisses = "ingestion.search.cache.misses";
    public const string AskDuration = "ingestion.ask.duration";
    public const string AskPromptTokens = "ingestion.ask.prompt_tokens";

    /// <summary>Span attributes that name the document a span works on, so a trace can be found by document.</summary>
    public const string DocumentIdTag = "document.id";
    public const string DocumentVersionTag = "document.version";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
