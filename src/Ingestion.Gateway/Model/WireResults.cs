using System.Globalization;
using Ingestion.Gateway.Search;
using Ingestion.Index.Lucene.Lexical;
using FusionSettings = Ingestion.Client.Model.FusionSettings;
using WireLegResult = Ingestion.Client.Model.LegResult;
using WireTextRange = Ingestion.Client.Model.TextRange;

namespace Ingestion.Gateway.Model;

/// <summary>The search's own results as the API's records (<c>Ingestion.Client.Model</c>) give them.</summary>
public static class WireResults
{
    /// <summary>The fusion a search used, named as the request parameters are.</summary>
    public static FusionSettings ToSettings(this FusionParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new(parameters.Method.ToString().ToLowerInvariant(), parameters.RrfK, parameters.Window, parameters.LexicalWeight, parameters.DenseWeight);
    }

    /// <summary>
    /// What a leg said of a hit. Its score is the leg's single-precision one, widened through its shortest decimal
    /// form so the answer prints <c>0.8242831</c>, not the widening's <c>0.8242831230163574</c>.
    /// </summary>
    public static WireLegResult? ToWire(this LegResult? leg) =>
        leg is null ? null : new(leg.Rank, double.Parse(leg.Score.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), leg.Contribution);

    public static List<WireTextRange>? ToWire(this IReadOnlyList<TextRange>? ranges) =>
        ranges is null ? null : [.. ranges.Select(r => new WireTextRange(r.Start, r.End))];
}
