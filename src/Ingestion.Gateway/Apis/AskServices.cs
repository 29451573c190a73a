using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Search;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>What an ask needs: the hybrid searcher, the context assembler and the chat model's answerer.</summary>
public sealed record AskServices(
    HybridSearcher Searcher,
    ContextAssembler Assembler,
    GroundedAnswerer Answerer,
    GatewayMetrics Metrics,
    IOptions<GatewayOptions> Options,
    ILoggerFactory Loggers);
