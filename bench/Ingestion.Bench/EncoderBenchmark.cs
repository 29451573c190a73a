using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Embeddings;

namespace Ingestion.Bench;

/// <summary>
/// The int8 encoder against the fp32 one it is made from, in one run: throughput on the same chunk texts the worker
/// embeds (batches of 32, every core), the latency of embedding one query, and how closely the int8 vectors follow
/// the fp32 ones. The two models take turns, round after round, so a machine's drift weighs on both alike; each
/// round's ratio is reported, and their spread is the machine's noise. Retrieval quality is measured through the
/// running system (<c>ingest eval</c>), not here.
/// </summary>
internal static class EncoderBenchmark
{
    public static async Task<object> RunAsync(string dataset, int documents, int queryCount, int rounds)
    {
        using var fp32 = OnnxSentenceEncoder.Load(SentenceEncoderModels.MiniLmL6V2, Environment.ProcessorCount, batchSize: 32);
        var made = Stopwatch.StartNew();
        using var int8 = OnnxSentenceEncoder.Load(SentenceEncoderModels.MiniLmL6V2Int8, Environment.ProcessorCount, batchSize: 32);
        var loadSeconds = made.Elapsed.TotalSeconds;
        var chunker = BenchChunker.For(fp32);
        var texts = SciFactCorpus.Documents(dataset, documents)
            .SelectMany(d => chunker.Split(d.Text).Select(c => EmbeddingText.Of(d.Id, d.Title, c.Text)))
            .ToList();
        var queries = SciFactCorpus.Queries(dataset, queryCount);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{texts.Count} chunks of {documents} documents, {queries.Count} queries; the int8 graph made (or read from no cache) and loaded in {loadSeconds:F1} s"));

        // Each model's code paths and ONNX Runtime's buffers warmed before anything is timed.
        await fp32.GenerateAsync(texts.Take(64));
        await int8.GenerateAsync(texts.Take(64));

        var throughput = new List<(double Fp32, double Int8)>();
        var queryLatency = new List<(Latency Fp32, Latency Int8)>();
        for (var round = 1; round <= rounds; round++)
        {
            var fp32Rate = await ChunksPerSecondAsync(fp32, texts);
            var int8Rate = await ChunksPerSecondAsync(int8, texts);
            throughput.Add((fp32Rate, int8Rate));
            var fp32Query = await Latency.MeasureAsync(queries, q => fp32.GenerateAsync([q]));
            var int8Query = await Latency.MeasureAsync(queries, q => int8.GenerateAsync([q]));
            queryLatency.Add((fp32Query, int8Query));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: chunks/s fp32 {fp32Rate:F1} int8 {int8Rate:F1} = {int8Rate / fp32Rate:F2}x; query embedding p50/p99 ms fp32 {fp32Query.P50:F2}/{fp32Query.P99:F2} int8 {int8Query.P50:F2}/{int8Query.P99:F2} = {fp32Query.P50 / int8Query.P50:F2}x at p50"));
        }

        var fp32Vectors = await fp32.GenerateAsync(texts);
        var int8Vectors = await int8.GenerateAsync(texts);
        var cosines = fp32Vectors.Zip(int8Vectors, (a, b) => (double)TensorPrimitives.CosineSimilarity(a.Vector.Span, b.Vector.Span)).Order().ToList();
        var ratios = throughput.Select(t => t.Int8 / t.Fp32).ToList();
        var queryRatios = queryLatency.Select(q => q.Fp32.P50 / q.Int8.P50).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"int8 / fp32 throughput: mean {ratios.Average():F2}x (rounds {ratios.Min():F2}–{ratios.Max():F2}); query embedding p50 fp32 / int8: mean {queryRatios.Average():F2}x ({queryRatios.Min():F2}–{queryRatios.Max():F2})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cosine of each chunk's int8 vector to its fp32 vector: mean {cosines.Average():F4}, 1st percentile {cosines[cosines.Count / 100]:F4}, min {cosines[0]:F4}"));
        return new
        {
            chunks = texts.Count,
            queries = queries.Count,
            int8GraphLoadSeconds = Math.Round(loadSeconds, 2),
            rounds = throughput.Select((t, i) => new
            {
                fp32ChunksPerSecond = Math.Round(t.Fp32, 2),
                int8ChunksPerSecond = Math.Round(t.Int8, 2),
                throughputRatio = Math.Round(t.Int8 / t.Fp32, 3),
                fp32Query = queryLatency[i].Fp32,
                int8Query = queryLatency[i].Int8,
            }),
            throughputRatio = new { mean = Math.Round(ratios.Average(), 3), min = Math.Round(ratios.Min(), 3), max = Math.Round(ratios.Max(), 3) },
            queryP50Ratio = new { mean = Math.Round(queryRatios.Average(), 3), min = Math.Round(queryRatios.Min(), 3), max = Math.Round(queryRatios.Max(), 3) },
            cosineToFp32 = new { mean = Math.Round(cosines.Average(), 5), firstPercentile = Math.Round(cosines[cosines.Count / 100], 5), min = Math.Round(cosines[0], 5) },
        };
    }

    private static async Task<double> ChunksPerSecondAsync(OnnxSentenceEncoder encoder, List<string> texts) =>
        texts.Count / await BareEncoder.SecondsToEmbedAsync(encoder, texts);
}
