using Ingestion.Gateway.Search;
using Ingestion.Index;

namespace Ingestion.Gateway.Model;

/// <summary>
/// A search whose parameters passed validation; <see cref="PerDocument"/> is set for grouped searches. One that gave
/// no fusion settings of its own (<see cref="FusionGiven"/> false) may be served by a running experiment.
/// </summary>
public sealed record ValidSearch(string Query, SearchMode Mode, int Count, FusionParameters Fusion, SearchFilter Filter, bool Highlight, int? PerDocument)
{
    public bool FusionGiven { get; init; }

    public string ModeName => SearchModeText.Name(Mode);
}
