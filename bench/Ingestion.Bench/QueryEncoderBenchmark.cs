using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ingestion.Client.Evaluation;
using Ingestion.Core.Embeddings;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Search;
using Ingestion.Index;
using Ingestion.Index.Lucene.Reading;

namespace Ingestion.Bench;

/// <summary>
/// Tunes the default model's query side on a BEIR split's judgments (<c>Embeddings:QueryEncoder</c>): writes the
/// corpus's chunk vectors as the system makes them, has <c>bench/query-encoder/train.py</c> (PyTorch) tune a copy of the
/// packaged graph against them, and measures the tuned graph, quantised as the gateway quantises it, with the gateway's
/// own ranking. With <c>--holdout K</c> every K-th query (by a hash of its id) is kept out of tuning and the figures are
/// of those queries alone, so settings can be chosen on a training split without reading a test split; with 0 it
/// tunes on every query and reports nothing (the result is measured through the running system on other queries).
/// </summary>
internal static class QueryEncoderBenchmark
{
    public static async Task<object> RunAsync(string dataset, string dataFolder, string repositoryRoot, QueryEncoderTuning tuning)
    {
        var model = SentenceEncoderModels.Default;
        if (model.Pooling is not SentencePooling.Mean || model.AssemblyName != SentenceEncoderModels.MiniLmL6V2.AssemblyName)
        {
            throw new InvalidOperationException($"The tuner knows all-MiniLM-L6-v2's graph only; the default model is {model.Name}.");
        }

        using var encoder = OnnxSentenceEncoder.Load(model, Environment.ProcessorCount, batchSize: 32);
        var corpusFolder = Path.Combine(dataFolder, "relevance", model.Name, RelevanceBenchmark.CorpusKey(dataset));
        var indexPath = await RelevanceIndex.PrepareAsync(dataset, corpusFolder, encoder);
        var (queries, qrels) = SciFactCorpus.Judged(dataset);
        var ids = queries.Keys.Order(StringComparer.Ordinal).ToList();
        var heldOut = tuning.Holdout > 0 ? ids.Where(id => HeldOut(id, tuning.Holdout)).ToList() : [];
        var tunedOn = ids.Except(heldOut, StringComparer.Ordinal).ToList();

        var work = Directory.CreateTempSubdirectory("query-encoder-").FullName;
        try
        {
            var graphPath = Path.Combine(work, "packaged.onnx");
            await File.WriteAllBytesAsync(graphPath, EmbeddedModelResources.ReadModel(SentenceEncoderModels.MiniLmL6V2));
            var vocabularyPath = Path.Combine(work, "vocab.txt");
            await using (var vocabulary = EmbeddedModelResources.OpenVocabulary(model))
            await using (var copy = File.Create(vocabularyPath))
            {
                await vocabulary.CopyToAsync(copy);
            }

            var queriesPath = Path.Combine(work, "queries.jsonl");
            await File.WriteAllLinesAsync(queriesPath, tunedOn.Select(id => JsonSerializer.Serialize(new
            {
                id,
                text = queries[id],
                relevant = qrels[id].Where(j => j.Value > 0).Select(j => j.Key).ToArray(),
            })));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tuning {model.Name}'s query side on {tunedOn.Count} queries; {heldOut.Count} held out"));
            var clock = Stopwatch.StartNew();
            await TrainAsync(tuning, repositoryRoot, graphPath, vocabularyPath, corpusFolder, queriesPath, work);
            var tunedSeconds = clock.Elapsed.TotalSeconds;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(tuning.Out))!);
            File.Copy(Path.Combine(work, "tuned.onnx"), tuning.Out, overwrite: true);
            Console.WriteLine($"tuned graph: {Path.GetFullPath(tuning.Out)} (Embeddings:QueryEncoder:Path, with ForModel {model.Name})");

            var results = new List<object>();
            if (heldOut.Count > 0)
            {
                // A tuned encoder learns both the kind of query and the documents the judgments name; held-out queries
                // about documents judged for a tuned-on query show the second, the others only the first.
                var judgedDocuments = tunedOn.SelectMany(id => qrels[id].Where(j => j.Value > 0).Select(j => j.Key)).ToHashSet(StringComparer.Ordinal);
                var seen = heldOut.Where(id => qrels[id].Any(j => j.Value > 0 && judgedDocuments.Contains(j.Key))).ToHashSet(StringComparer.Ordinal);
                using var tuned = OnnxSentenceEncoder.Load(model, Environment.ProcessorCount, batchSize: 32, tunedGraph: await File.ReadAllBytesAsync(tuning.Out));
                using var reader = new LuceneChunkIndexReader(Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = indexPath }), LuceneSearchStrategy.Default);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the {heldOut.Count} held-out queries, the gateway's grouped search with its defaults (and other dense weights): nDCG@10 and Recall@100 of all; nDCG@10 of the {seen.Count} whose relevant documents were judged for a tuned-on query, and of the {heldOut.Count - seen.Count} others"));
                // A tuned dense leg may deserve more than the default half of the fusion: the tuned encoder's hybrid is
                // also measured at other dense weights, so a team can choose Gateway:Fusion's on held-out queries.
                var runs = new[]
                {
                    ("packaged", encoder, SearchMode.Lexical, 0.5), ("packaged", encoder, SearchMode.Dense, 0.5), ("packaged", encoder, SearchMode.Hybrid, 0.5),
                    ("tuned", tuned, SearchMode.Dense, 0.5), ("tuned", tuned, SearchMode.Hybrid, 0.5),
                    ("tuned", tuned, SearchMode.Hybrid, 0.7), ("tuned", tuned, SearchMode.Hybrid, 0.9),
                };
                foreach (var (name, queryEncoder, mode, denseWeight) in runs)
                {
                    var searcher = new HybridSearcher(reader, new GeneratorQueryEmbedder(queryEncoder, model));
                    var scores = await EvaluateAsync(searcher, mode, denseWeight, heldOut, queries, qrels);
                    var seenNdcg = MeanNdcg(scores, id => seen.Contains(id));
                    var unseenNdcg = MeanNdcg(scores, id => !seen.Contains(id));
                    var label = mode is SearchMode.Hybrid ? string.Create(CultureInfo.InvariantCulture, $"hybrid, dense weight {denseWeight:F1}") : mode.ToString().ToLowerInvariant();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-9} {label,-26} {scores.Mean.NdcgAt10:F4}  {scores.Mean.RecallAt100:F4}   documents judged in tuning {seenNdcg?.ToString("F4", CultureInfo.InvariantCulture) ?? "-"}, others {unseenNdcg?.ToString("F4", CultureInfo.InvariantCulture) ?? "-"}"));
                    results.Add(new { queryEncoder = name, mode = mode.ToString(), denseWeight, ndcgAt10 = scores.Mean.NdcgAt10, recallAt100 = scores.Mean.RecallAt100, ndcgAt10JudgedDocuments = seenNdcg, ndcgAt10OtherDocuments = unseenNdcg });
                }
            }

            return new { dataset = Path.GetFileName(Path.GetFullPath(dataset).TrimEnd(Path.DirectorySeparatorChar)), tuning, tunedOn = tunedOn.Count, heldOut = heldOut.Count, tunedSeconds, results };
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Whether <paramref name="queryId"/> is among the held-out queries: a hash of its id, the same on every machine and run.</summary>
    internal static bool HeldOut(string queryId, int holdout) =>
        BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(queryId)), 0) % (uint)holdout == 0;

    private static async Task TrainAsync(QueryEncoderTuning tuning, string repositoryRoot, string graphPath, string vocabularyPath, string chunksFolder, string queriesPath, string work)
    {
        var start = new ProcessStartInfo(tuning.Python) { UseShellExecute = false };
        foreach (var argument in new[]
        {
            Path.Combine(repositoryRoot, "bench", "query-encoder", "train.py"),
            "--graph", graphPath, "--vocabulary", vocabularyPath, "--chunks", chunksFolder, "--queries", queriesPath, "--out", Path.Combine(work, "tuned.onnx"),
            "--epochs", tuning.Epochs.ToString(CultureInfo.InvariantCulture),
            "--learning-rate", tuning.LearningRate.ToString(CultureInfo.InvariantCulture),
            "--tuned-share", tuning.TunedShare.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tuning.Python} could not be started.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"train.py exited with {process.ExitCode}; bench/query-encoder.sh installs PyTorch from the distribution's packages.");
        }
    }

    /// <summary>The mean nDCG@10 of the queries <paramref name="include"/> takes; null when it takes none.</summary>
    private static double? MeanNdcg(RunScores scores, Func<string, bool> include)
    {
        var taken = scores.PerQuery.Where(q => include(q.Key)).Select(q => q.Value.NdcgAt10).ToList();
        return taken.Count == 0 ? null : taken.Average();
    }

    private static async Task<RunScores> EvaluateAsync(HybridSearcher searcher, SearchMode mode, double denseWeight, IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> queries, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels)
    {
        var defaults = new FusionDefaults();
        var fusion = defaults.ToParameters() with { Window = defaults.DocumentWindow, LexicalWeight = 1 - denseWeight, DenseWeight = denseWeight };
        var run = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var ranked = await searcher.SearchDocumentsAsync(queries[id], mode, 100, 1, fusion, SearchFilter.None, Caller.SingleUser, CancellationToken.None);
            run[id] = RelevanceBenchmark.RunOf([.. ranked.Select(d => d.DocumentId)]);
        }

        return RetrievalMetrics.Evaluate(ids.ToDictionary(id => id, id => qrels[id], StringComparer.Ordinal), run);
    }
}

/// <summary>
/// How <c>query-encoder</c> tunes: Python with PyTorch; epochs, learning rate and the tuned weights' share of the graph
/// written (chosen on SciFact train's held-out fifth); every K-th query held out; where the graph goes.
/// </summary>
internal sealed record QueryEncoderTuning(string Python, int Epochs, double LearningRate, double TunedShare, int Holdout, string Out);
