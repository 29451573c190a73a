using System.ComponentModel.DataAnnotations;
using Ingestion.Gateway.Search;

namespace Ingestion.Gateway.Experiments;

/// <summary>
/// A/B tests of search settings in production (<c>Gateway:Experiments</c>): the first experiment of <see cref="Active"/>
/// runs. Searches and asks that give no fusion settings of their own take part.
/// </summary>
public sealed class ExperimentOptions
{
    public const string SectionName = "Gateway:Experiments";

    public List<Experiment> Active { get; set; } = [];

    /// <summary>Most impressions (a document shown for a query by an arm) kept; past it, searches are served but not recorded.</summary>
    [Range(1, 100_000_000)]
    public int MaxImpressions { get; set; } = 1_000_000;
}

/// <summary>
/// One experiment: configuration A is the gateway's defaults, B those defaults with <see cref="B"/>'s settings. Each
/// caller is in one arm for the experiment's life (<see cref="Share"/> of callers in B), or, with
/// <see cref="Interleave"/>, every search shows A's and B's rankings interleaved by team draft (asks are split).
/// </summary>
public sealed class Experiment
{
    public string Name { get; set; } = string.Empty;

    [Range(0.0, 1.0)]
    public double Share { get; set; } = 0.5;

    public bool Interleave { get; set; }

    public ExperimentArm B { get; set; } = new();
}

/// <summary>The settings configuration B changes; unset ones stay the defaults'.</summary>
public sealed class ExperimentArm
{
    public FusionMethod? Method { get; set; }

    public int? Window { get; set; }

    [ConfigurationKeyName("Bm25Weight")]
    public double? LexicalWeight { get; set; }

    public double? DenseWeight { get; set; }

    public int? RrfK { get; set; }

    public FusionParameters Apply(FusionParameters defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new FusionParameters(Method ?? defaults.Method, RrfK ?? defaults.RrfK, Window ?? defaults.Window, LexicalWeight ?? defaults.LexicalWeight, DenseWeight ?? defaults.DenseWeight);
    }
}
