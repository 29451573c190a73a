using Ingestion.Client.Model;

namespace Ingestion.Cli.Evaluation;

/// <summary>Queries with their judgments, from a BEIR folder or a judgment set the gateway keeps: what an evaluation runs.</summary>
internal sealed record JudgedQueries(
    string Name,
    IReadOnlyDictionary<string, string> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels)
{
    public static JudgedQueries Of(BeirDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new(dataset.Name, dataset.Queries, dataset.Qrels);
    }

    /// <summary>A BEIR folder's judged queries, without its corpus.</summary>
    public static JudgedQueries Of((IReadOnlyDictionary<string, string> Queries, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels) judged, string name) =>
        new(name, judged.Queries, judged.Qrels);

    /// <summary>A kept set's judged queries; its documents are ids in the index as they are (no prefix).</summary>
    public static JudgedQueries Of(JudgmentSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var qrels = set.Judgments
            .GroupBy(j => j.QueryId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)g.ToDictionary(j => j.DocumentId, j => j.Grade, StringComparer.Ordinal), StringComparer.Ordinal);
        return new(set.Name, set.Queries.Where(q => qrels.ContainsKey(q.Id)).ToDictionary(q => q.Id, q => q.Text, StringComparer.Ordinal), qrels);
    }
}
