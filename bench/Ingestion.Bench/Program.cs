using System.Globalization;
using System.Text.Json;
using Ingestion.Bench;

// The benchmarks of bench/README: `ingest` (ingestion vs the bare encoder, and re-ingestion with ~10% of chunks
// changed), `query` (latency by mode and index size, through the gateway and raw; memory per chunk) and `recall`
// (the approximate dense legs against exact search on every SciFact chunk's own embedding), `relevance` and `formats`
// (pages per second of OCR and of text-layer PDFs), `encoder` (the int8 encoder against the fp32 one) and
// `query-encoder` (tunes the default model's query side on a split's judgments and measures it on held-out queries).
// Each prints its figures and writes a JSON report under bench/results/.
if (args.Length == 0 || args[0] is not ("ingest" or "query" or "recall" or "relevance" or "formats" or "encoder" or "query-encoder"))
{
    Console.Error.WriteLine("usage: Ingestion.Bench ingest [--documents 600] | query [--sizes 10000,100000] [--queries 200]  [--dataset DIR] [--report FILE] | recall [--queries 200] | relevance [--dataset ../shared/evaldata/scifact-train] | formats [--scanned-pages 10] [--text-pages 200] [--repeats 3] | encoder [--documents 600] [--queries 300] [--rounds 3] | query-encoder --python PATH [--dataset ../shared/evaldata/scifact-train] [--epochs 8] [--learning-rate 1e-4] [--tuned-share 0.5] [--holdout 5] [--out bench/results/query-encoder.onnx]");
    return 2;
}

var root = Directory.GetCurrentDirectory();
// Relevance is compared on the training split only: the test split is for reporting the chosen settings.
var dataset = Argument("--dataset", args[0] is "relevance" or "query-encoder" ? Path.Combine(root, "..", "shared", "evaldata", "scifact-train") : SciFactCorpus.DefaultFolder(root));
var report = Argument("--report", Path.Combine(root, "bench", "results", $"{args[0]}.json"));
object result = args[0] == "query-encoder"
    ? await QueryEncoderBenchmark.RunAsync(dataset, Path.Combine(root, ".data-bench"), root, new QueryEncoderTuning(
        Argument("--python", "python3"),
        int.Parse(Argument("--epochs", "8"), CultureInfo.InvariantCulture),
        double.Parse(Argument("--learning-rate", "1e-4"), CultureInfo.InvariantCulture),
        double.Parse(Argument("--tuned-share", "0.5"), CultureInfo.InvariantCulture),
        int.Parse(Argument("--holdout", "5"), CultureInfo.InvariantCulture),
        Argument("--out", Path.Combine(root, "bench", "results", "query-encoder.onnx"))))
    : args[0] == "encoder"
    ? await EncoderBenchmark.RunAsync(dataset, int.Parse(Argument("--documents", "600"), CultureInfo.InvariantCulture), int.Parse(Argument("--queries", "300"), CultureInfo.InvariantCulture), int.Parse(Argument("--rounds", "3"), CultureInfo.InvariantCulture))
    : args[0] == "formats"
    ? FormatsBenchmark.Run(int.Parse(Argument("--scanned-pages", "10"), CultureInfo.InvariantCulture), int.Parse(Argument("--text-pages", "200"), CultureInfo.InvariantCulture), int.Parse(Argument("--repeats", "3"), CultureInfo.InvariantCulture))
    : args[0] == "relevance"
    ? await RelevanceBenchmark.RunAsync(dataset, Path.Combine(root, ".data-bench"))
    : args[0] == "ingest"
    ? await IngestBenchmark.RunAsync(dataset, int.Parse(Argument("--documents", "600"), CultureInfo.InvariantCulture))
    : args[0] == "recall"
    ? await RecallBenchmark.RunAsync(dataset, int.Parse(Argument("--queries", "200"), CultureInfo.InvariantCulture))
    : await QueryBenchmark.RunAsync(
        dataset,
        [.. Argument("--sizes", "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
        int.Parse(Argument("--queries", "200"), CultureInfo.InvariantCulture));

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(report))!);
await File.WriteAllTextAsync(report, JsonSerializer.Serialize(new { machine = new { Environment.ProcessorCount }, result }, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"report: {report}");
return 0;

string Argument(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
