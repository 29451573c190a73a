using DocumentGroup = Ingestion.Client.Model.DocumentGroup;
using FusionSettings = Ingestion.Client.Model.FusionSettings;

namespace Ingestion.Gateway.Search;

/// <summary>A grouped search as the first page answered it: the request's query, mode and fusion, and every ranked document.</summary>
public sealed record StoredRanking(string Query, string Mode, FusionSettings Fusion, IReadOnlyList<DocumentGroup> Documents)
{
    /// <summary>What its caller could read (<see cref="Identity.Caller.AccessKey"/>): only a caller of the same may page on.</summary>
    public string? Owner { get; init; }
}
