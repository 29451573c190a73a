using System.Globalization;
using Ingestion.Core.Embeddings;
using Ingestion.Index;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Vectors;

namespace Ingestion.Bench;

/// <summary>
/// Recall@10 of the approximate dense legs against exact search on distinct real embeddings: every SciFact chunk
/// embedded (no copies, unlike <see cref="QueryBenchmark"/>'s large indexes), queried with document titles (not the
/// test queries, which are kept for evaluation). The binary first pass is forced to run at several shares of the
/// index, with few candidates rescored, so what it hands on is as small a part of the index as at a million chunks.
/// </summary>
internal static class RecallBenchmark
{
    private const int RescoredForced = 25;
    private static readonly double[] Shares = [0.01, 0.02, 0.04];

    public static async Task<object> RunAsync(string dataset, int queryCount)
    {
        using var generator = OnnxSentenceEncoder.Load(SentenceEncoderModels.Default, Environment.ProcessorCount, batchSize: 32);
        var embedding = System.Diagnostics.Stopwatch.StartNew();
        var index = await SyntheticIndex.PrepareAsync(dataset, generator, sample: int.MaxValue);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embedded {index.SampleCount} chunks in {embedding.Elapsed.TotalSeconds:F0} s"));
        var queryVectors = await TitleQueriesAsync(dataset, generator, queryCount);

        return await WithIndexAsync(index, async indexPath =>
        {
            using var exact = Searcher(indexPath, DenseSearchMode.Exact);
            var recall = new Dictionary<string, double>(StringComparer.Ordinal);
            using (var quantized = Searcher(indexPath, DenseSearchMode.Quantized))
            {
                recall["quantized (int8 scan, 200 rescored)"] = await RecallAtTenAsync(quantized, exact, queryVectors);
            }

            foreach (var share in Shares)
            {
                using var binary = Searcher(indexPath, DenseSearchMode.Binary, candidates: 1, share: share, rescored: RescoredForced);
                recall[string.Create(CultureInfo.InvariantCulture, $"binary, {share:P0} of the index handed on, {RescoredForced} rescored")] = await RecallAtTenAsync(binary, exact, queryVectors);
            }

            foreach (var (setting, value) in recall)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{index.SampleCount} distinct real embeddings, {queryVectors.Count} title queries: recall@10 against exact, {setting}: {value:F4}"));
            }

            return (object)new { chunks = index.SampleCount, queries = queryVectors.Count, recallAt10 = recall };
        });
    }

    /// <summary>
    /// The store's own dense leg, default settings, on every SciFact chunk's real embedding (<paramref name="index"/> prepared
    /// with all of them): its recall@10 against exact search and its latency, beside a benchmark's noisy copies.
    /// </summary>
    public static async Task<object> DefaultLegAsync(SyntheticIndex index, string dataset, OnnxSentenceEncoder generator, int queryCount)
    {
        var queryVectors = await TitleQueriesAsync(dataset, generator, queryCount);
        return await WithIndexAsync(index, async indexPath =>
        {
            using var exact = Searcher(indexPath, DenseSearchMode.Exact);
            using var store = new LuceneChunkIndexReader(Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = indexPath }));
            var recall = await RecallAtTenAsync(store, exact, queryVectors);
            var latency = await Latency.MeasureAsync(queryVectors, async vector =>
            {
                using var snapshot = store.AcquireSnapshot();
                await snapshot.SearchDenseAsync(vector, 10, SearchFilter.None, CancellationToken.None);
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{index.SampleCount} distinct real embeddings, {queryVectors.Count} title queries: the default dense leg's recall@10 against exact {recall:F4}, p50 {latency.P50:F2} p99 {latency.P99:F2} ms"));
            return (object)new { chunks = index.SampleCount, queries = queryVectors.Count, recallAt10 = recall, latency };
        });
    }

    /// <summary>Writes every chunk of <paramref name="index"/> (its real embeddings, no copies) to a fresh folder, measures it, and deletes it.</summary>
    private static async Task<object> WithIndexAsync(SyntheticIndex index, Func<string, Task<object>> measure)
    {
        var data = Path.Combine(Path.GetTempPath(), "ingestion-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var indexPath = Path.Combine(data, "index");
            await index.WriteAsync(indexPath, index.SampleCount);
            return await measure(indexPath);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary>Document titles spread over the corpus, embedded: queries that are not the evaluation's test queries.</summary>
    private static async Task<List<ReadOnlyMemory<float>>> TitleQueriesAsync(string dataset, OnnxSentenceEncoder generator, int queryCount)
    {
        var documents = SciFactCorpus.Documents(dataset, int.MaxValue);
        var titles = documents.Where((_, i) => i % Math.Max(1, documents.Count / queryCount) == 0).Select(d => d.Title).Where(t => t.Length > 0).Take(queryCount).ToList();
        return [.. (await generator.GenerateAsync(titles)).Select(e => e.Vector)];
    }

    private static LuceneChunkIndexReader Searcher(string indexPath, DenseSearchMode mode, int candidates = 4000, double share = 0.04, int rescored = 200) =>
        new(
            Microsoft.Extensions.Options.Options.Create(new IndexOptions
            {
                DataPath = indexPath,
                DenseCandidates = candidates,
                DenseCandidateShare = share,
                DenseRescoreCandidates = rescored,
            }),
            LuceneSearchStrategy.DenseBy(mode));

    /// <summary>Mean share of exact search's top 10 that the approximate leg also returns.</summary>
    public static async Task<double> RecallAtTenAsync(LuceneChunkIndexReader approximate, LuceneChunkIndexReader exact, IReadOnlyList<ReadOnlyMemory<float>> queryVectors)
    {
        var total = 0.0;
        foreach (var vector in queryVectors)
        {
            using var found = approximate.AcquireSnapshot();
            using var expected = exact.AcquireSnapshot();
            var foundIds = (await found.SearchDenseAsync(vector, 10, SearchFilter.None, CancellationToken.None)).Select(h => h.ChunkId);
            var expectedIds = (await expected.SearchDenseAsync(vector, 10, SearchFilter.None, CancellationToken.None)).Select(h => h.ChunkId);
            total += foundIds.Intersect(expectedIds, StringComparer.Ordinal).Count() / 10.0;
        }

        return total / queryVectors.Count;
    }
}
