using System.Globalization;
using Ingestion.Client.Evaluation;
using Ingestion.Core.Embeddings;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Search;
using Ingestion.Index;
using Ingestion.Index.Lucene.Lexical;
using Ingestion.Index.Lucene.Reading;

namespace Ingestion.Bench;

/// <summary>
/// How the gateway's ranking settings were chosen: ways of ranking documents compared on a BEIR split with the store's
/// own legs over an index written as the system writes it. First each leg alone; then the ranking used before documents
/// were ranked as documents (chunks fused, a document where its best chunk is); then document rankings (whole-document
/// BM25 and the dense leg's chunks grouped by document, fused over windows of documents) over windows, weights and
/// BM25's parameters; last, the gateway's own grouped search with its defaults, which must equal its row of the grid.
/// Run it on a training split only (the default): the settings it picks are reported on the test split through the
/// running system (<c>ingest eval</c>), once.
/// </summary>
internal static class RelevanceBenchmark
{
    private static readonly int[] Windows = [100, 200, 500, 1000];
    private static readonly double[] DenseShares = [0.3, 0.4, 0.5, 0.6, 0.7];
    private static readonly DocumentBm25[] Bm25Settings = [new(1.2f, 0.75f), DocumentBm25.Default, new(0.6f, 0.4f), new(0.9f, 0.4f, TieBreaker: 1f)];

    public static async Task<object> RunAsync(string dataset, string dataFolder)
    {
        using var encoder = OnnxSentenceEncoder.Load(SentenceEncoderModels.Default, Environment.ProcessorCount, batchSize: 32);
        var corpus = Path.GetFileName(Path.GetFullPath(dataset).TrimEnd(Path.DirectorySeparatorChar));
        var indexPath = await RelevanceIndex.PrepareAsync(dataset, Path.Combine(dataFolder, "relevance", encoder.Model.Name, CorpusKey(dataset)), encoder);
        var (queries, qrels) = SciFactCorpus.Judged(dataset);
        var ids = queries.Keys.Order(StringComparer.Ordinal).ToList();
        var vectors = (await encoder.GenerateAsync(ids.Select(id => queries[id]))).Select(e => e.Vector).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{corpus}: {ids.Count} judged queries, nDCG@10 and Recall@100 of the top 100 documents"));

        var window = Windows.Max();
        var chunkLexical = new Dictionary<string, IReadOnlyList<ChunkHit>>(StringComparer.Ordinal);
        var dense = new Dictionary<string, IReadOnlyList<ChunkHit>>(StringComparer.Ordinal);
        var documentLexical = Bm25Settings.ToDictionary(b => b, _ => new Dictionary<string, IReadOnlyList<ChunkHit>>(StringComparer.Ordinal));
        foreach (var bm25 in Bm25Settings)
        {
            using var reader = Reader(indexPath, bm25);
            using var snapshot = reader.AcquireSnapshot();
            for (var i = 0; i < ids.Count; i++)
            {
                var text = queries[ids[i]];
                documentLexical[bm25][ids[i]] = await snapshot.RankDocumentsLexicalAsync(text, window, SearchFilter.None, CancellationToken.None);
                if (bm25 == DocumentBm25.Default)
                {
                    chunkLexical[ids[i]] = await snapshot.RankLexicalAsync(text, window, SearchFilter.None, CancellationToken.None);
                    dense[ids[i]] = await snapshot.RankDenseAsync(vectors[i], window * HybridSearcher.DenseChunksPerDocument, SearchFilter.None, CancellationToken.None);
                }
            }
        }

        var results = new List<object>();
        void Report(string name, Func<string, IReadOnlyList<string>> rank)
        {
            var run = ids.ToDictionary(id => id, id => (IReadOnlyDictionary<string, double>)RunOf(rank(id)), StringComparer.Ordinal);
            var scores = RetrievalMetrics.Evaluate(qrels, run);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-78} {scores.Mean.NdcgAt10:F4}  {scores.Mean.RecallAt100:F4}"));
            results.Add(new { name, ndcgAt10 = scores.Mean.NdcgAt10, recallAt100 = scores.Mean.RecallAt100 });
        }

        Console.WriteLine("-- each leg alone");
        Report("bm25 of chunks, a document where its best chunk is", id => Documents(chunkLexical[id]));
        Report("dense, a document where its best chunk is", id => Documents(dense[id]));
        foreach (var bm25 in Bm25Settings)
        {
            Report($"bm25 of whole documents, {Name(bm25)}", id => Documents(documentLexical[bm25][id]));
        }

        Console.WriteLine("-- chunks fused, a document where its best chunk is (the ranking before #26)");
        foreach (var chunks in new[] { 100, 1000 })
        {
            Report($"cc 0.5, window {chunks} chunks", id => Documents(ResultFusion.Fuse(chunkLexical[id], dense[id], Parameters(chunks, 0.5), 1000).Select(f => f.Chunk)));
        }

        Console.WriteLine($"-- documents fused: whole-document bm25 {Name(DocumentBm25.Default)} and dense by best chunk, cc");
        foreach (var documents in Windows)
        {
            foreach (var share in DenseShares)
            {
                Report(string.Create(CultureInfo.InvariantCulture, $"window {documents} documents, dense weight {share:F1}"), id => FuseDocuments(documentLexical[DocumentBm25.Default][id], dense[id], documents, share));
            }
        }

        Console.WriteLine("-- documents fused at window 1000, dense weight 0.5, by bm25's parameters");
        foreach (var bm25 in Bm25Settings)
        {
            Report(Name(bm25), id => FuseDocuments(documentLexical[bm25][id], dense[id], window, 0.5));
        }

        Console.WriteLine("-- the gateway's grouped search with its defaults (Gateway:Fusion)");
        using (var reader = Reader(indexPath, DocumentBm25.Default))
        {
            var searcher = new HybridSearcher(reader, new GeneratorQueryEmbedder(encoder, encoder.Model));
            var defaults = new FusionDefaults();
            var fusion = defaults.ToParameters() with { Window = defaults.DocumentWindow };
            var ranked = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                var documents = await searcher.SearchDocumentsAsync(queries[id], SearchMode.Hybrid, 100, 1, fusion, SearchFilter.None, Caller.SingleUser, CancellationToken.None);
                ranked[id] = [.. documents.Select(d => d.DocumentId)];
            }

            Report(string.Create(CultureInfo.InvariantCulture, $"hybrid, window {fusion.Window} documents, bm25 weight {fusion.LexicalWeight:F1}, dense {fusion.DenseWeight:F1}"), id => ranked[id]);
        }

        return new { dataset = corpus, queries = ids.Count, results };
    }

    private static string Name(DocumentBm25 bm25) =>
        string.Create(CultureInfo.InvariantCulture, $"k1 {bm25.K1} b {bm25.B}{(bm25.TieBreaker == DocumentBm25.Default.TieBreaker ? "" : $" title/text tie breaker {bm25.TieBreaker}")}");

    /// <summary>A folder per corpus content (under one per model): SciFact's train and test splits share one index.</summary>
    internal static string CorpusKey(string dataset) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dataset, "corpus.jsonl"))))[..16];

    private static LuceneChunkIndexReader Reader(string indexPath, DocumentBm25 bm25) =>
        new(Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = indexPath }), LuceneSearchStrategy.Default with { DocumentBm25 = bm25 });

    /// <summary>Documents in the order their first hit appears, the top 100.</summary>
    private static List<string> Documents(IEnumerable<ChunkHit> hits) =>
        [.. hits.Select(h => h.DocumentId).Distinct(StringComparer.Ordinal).Take(100)];

    /// <summary>A ranking as a run of trec_eval: each document scored by how many rank below it.</summary>
    internal static Dictionary<string, double> RunOf(IReadOnlyList<string> ranking) =>
        ranking.Select((document, i) => (document, i)).ToDictionary(d => d.document, d => (double)(ranking.Count - d.i), StringComparer.Ordinal);

    private static List<string> FuseDocuments(IReadOnlyList<ChunkHit> documents, IReadOnlyList<ChunkHit> dense, int window, double denseShare) =>
        [.. ResultFusion.FuseDocuments(documents, [.. dense.DistinctBy(h => h.DocumentId, StringComparer.Ordinal).Take(window)], Parameters(window, denseShare), 100).Select(f => f.Chunk.DocumentId)];

    private static FusionParameters Parameters(int window, double denseShare) =>
        new(FusionMethod.Cc, 60, window, 1 - denseShare, denseShare);
}
