using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Experiments;
using Ingestion.Gateway.Search;
using Ingestion.Index.Judgments;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>What an ask needs: the hybrid searcher, the context assembler, the chat model's answerer, and the judgments its citations add to.</summary>
public sealed record AskServices(
    HybridSearcher Searcher,
    ContextAssembler Assembler,
    GroundedAnswerer Answerer,
    JudgmentStore Judgments,
    ExperimentRouter Experiments,
    ExperimentLog ExperimentLog,
    GatewayMetrics Metrics,
    IOptions<GatewayOptions> Options,
    ILoggerFactory Loggers);
