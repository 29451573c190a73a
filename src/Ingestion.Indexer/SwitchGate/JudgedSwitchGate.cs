using System.Globalization;
using Ingestion.Client.Evaluation;
using Ingestion.Core.Embeddings;
using Ingestion.Index;
using Ingestion.Index.Judgments;
using Ingestion.Index.Lucene.Reading;
using Microsoft.Extensions.Options;

namespace Ingestion.Indexer.SwitchGate;

/// <summary>
/// Evaluates the current index and the one a re-index built on a stored judgment set before searches move: each judged
/// query is embedded by each index's own model and searched in its own index, documents ranked by their best chunk,
/// and the mean nDCG@10 compared. Only the model differs between the two (same text, same chunks, same BM25), so their
/// dense rankings are what the change changes. The built index is held when it scores lower by more than
/// <see cref="SwitchGateOptions.Tolerance"/>, or when there is nothing to compare on.
/// </summary>
public sealed class JudgedSwitchGate(
    IOptions<SwitchGateOptions> options,
    IOptions<IndexOptions> index,
    JudgmentStore judgments,
    EmbeddingGenerators generators,
    TimeProvider clock) : IIndexSwitchGate
{
    public async Task<SwitchHold?> EvaluateAsync(IndexDescription current, IndexDescription built, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(built);
        var settings = options.Value;
        var name = settings.Judgments ?? throw new InvalidOperationException("The switch gate has no judgment set (Index:SwitchGate:Judgments).");
        SwitchHold Hold(string reason, int queries = 0, PairedComparison? compared = null) =>
            new(built.Name, reason, name, queries, compared?.MeanA, compared?.MeanB, settings.Tolerance, compared?.PValue, clock.GetUtcNow());

        if (await judgments.GetAsync(name, cancellationToken) is not { } set)
        {
            return Hold($"The judgment set '{name}' (Index:SwitchGate:Judgments) does not exist; import it with `ingest judgments import {name} …`.");
        }

        var qrels = set.Judgments.Where(j => j.Grade > 0).GroupBy(j => j.QueryId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)g.ToDictionary(j => j.DocumentId, j => j.Grade, StringComparer.Ordinal), StringComparer.Ordinal);
        var queries = set.Queries.Where(q => qrels.ContainsKey(q.Id)).OrderBy(q => q.Id, StringComparer.Ordinal).Take(settings.MaxQueries).ToList();
        if (queries.Count == 0)
        {
            return Hold($"The judgment set '{name}' has no query with a relevant document to compare the two models on.");
        }

        if (current.Model is not { } currentModel || !generators.CanEmbed(currentModel.ModelId))
        {
            return Hold($"Queries cannot be embedded with the current index's model ({current.Model?.ModelId ?? "none recorded"}) here, so the two cannot be compared.", queries.Count);
        }

        using var reader = new LuceneChunkIndexReader(index);
        var before = await NdcgAsync(reader, current.Name, currentModel.ModelId, queries, qrels, settings.ChunksPerQuery, cancellationToken);
        var after = await NdcgAsync(reader, built.Name, built.Model?.ModelId ?? generators.Configured.Info.ModelId, queries, qrels, settings.ChunksPerQuery, cancellationToken);
        var compared = PairedComparison.Of(before, after);
        if (compared.MeanB >= compared.MeanA - settings.Tolerance)
        {
            return null;
        }

        return Hold(
            string.Create(
                CultureInfo.InvariantCulture,
                $"On the judgment set '{name}' ({queries.Count} queries), {built.Model?.ModelId} scores nDCG@10 {compared.MeanB:0.0000} against {currentModel.ModelId}'s {compared.MeanA:0.0000}: lower by {-compared.Delta:0.0000}, more than the tolerance of {settings.Tolerance:0.####} (p = {compared.PValue:G2}; it won {compared.Wins} queries, lost {compared.Losses})."),
            queries.Count,
            compared);
    }

    /// <summary>Each query's nDCG@10 in one index, its query embedded by that index's model (with the model's query prefix).</summary>
    private async Task<Dictionary<string, double>> NdcgAsync(
        LuceneChunkIndexReader reader,
        string indexName,
        string modelId,
        IReadOnlyList<JudgedQuery> queries,
        Dictionary<string, IReadOnlyDictionary<string, int>> qrels,
        int chunksPerQuery,
        CancellationToken cancellationToken)
    {
        var generator = generators.ForQueries(modelId);
        var prefix = SentenceEncoderModels.QueryPrefixOf(modelId);
        using var snapshot = reader.OpenSnapshot(indexName);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            // One query a call, as the gateway embeds a search: an int8 encoder quantises a batch's activations
            // together, so a query embedded beside others gets a slightly other vector and can rank near-ties otherwise
            // than the searches the gate speaks for.
            var vector = (await generator.GenerateAsync([prefix + query.Text], cancellationToken: cancellationToken))[0].Vector;
            var hits = await snapshot.SearchDenseAsync(vector, chunksPerQuery, SearchFilter.None, cancellationToken);
            var documents = hits.Select(h => h.DocumentId).Distinct(StringComparer.Ordinal).ToList();
            scores[query.Id] = RetrievalMetrics.Score(qrels[query.Id], documents).NdcgAt10;
        }

        return scores;
    }
}
