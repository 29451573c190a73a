using Ingestion.Gateway.Search;

namespace Ingestion.Gateway.Experiments;

/// <summary>
/// How one search or ask takes part in the running experiment: the arm its caller is in (<c>A</c> or <c>B</c>), or
/// both interleaved, with each arm's settings, and who the caller is as a judge (so its feedback is credited).
/// </summary>
public sealed record ExperimentDraw(string Experiment, string Arm, FusionParameters A, FusionParameters B, string Judge)
{
    public const string Interleaved = "interleaved";

    public bool IsInterleaved => Arm == Interleaved;

    /// <summary>The settings this caller's searches use when not interleaved.</summary>
    public FusionParameters Parameters => Arm == "B" ? B : A;
}
