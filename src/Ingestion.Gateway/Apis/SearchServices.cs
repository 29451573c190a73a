using Ingestion.Gateway.Experiments;
using Ingestion.Gateway.Search;
using Ingestion.Index;
using Ingestion.Index.Lucene.Lexical;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>What a search needs: the index, the hybrid searcher, highlighting, the result cache, the grouped rankings kept for cursors, the running experiment and the request (whose client they are counted to).</summary>
public sealed record SearchServices(
    IChunkIndexReader Index,
    HybridSearcher Searcher,
    QueryHighlighter Highlighter,
    SearchResultCache Cache,
    GroupedResultStore GroupedResults,
    ExperimentRouter Experiments,
    ExperimentLog ExperimentLog,
    GatewayMetrics Metrics,
    IOptions<GatewayOptions> Options,
    ILogger<GroupedResultStore> Logger,
    HttpContext Http);
