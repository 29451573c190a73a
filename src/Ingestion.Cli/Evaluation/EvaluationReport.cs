namespace Ingestion.Cli.Evaluation;

/// <summary>What <c>ingest eval</c> measured: how the corpus went in, and each mode's figures.</summary>
internal sealed record EvaluationReport(
    string Dataset,
    int Documents,
    int DocumentsFailed,
    double IngestSeconds,
    IReadOnlyDictionary<string, ModeReport> Modes);

/// <summary>
/// One mode's mean figures over the judged queries, and the time its queries took; queries the gateway refused count
/// as finding nothing, and the first refusal's reason is kept.
/// </summary>
internal sealed record ModeReport(int Queries, double NdcgAt10, double RecallAt100, double MrrAt10, double MapAt100, double QuerySeconds, int Refused = 0, string? FirstRefusal = null);
