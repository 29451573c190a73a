using System.Globalization;
using System.Text.Json;

namespace Ingestion.Cli.Evaluation;

/// <summary>A corpus entry of a BEIR dataset.</summary>
internal sealed record CorpusDocument(string Id, string Title, string Text);

/// <summary>
/// A dataset in BEIR's layout: <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>), <c>queries.jsonl</c>
/// (<c>_id</c>, <c>text</c>) and relevance judgements in <c>qrels.tsv</c> or BEIR's <c>qrels/test.tsv</c>
/// (<c>query-id</c>, <c>corpus-id</c>, <c>score</c>). Only judged queries are evaluated. Every malformed line is
/// reported with its file and line number.
/// </summary>
internal sealed record BeirDataset(
    string Name,
    IReadOnlyList<CorpusDocument> Corpus,
    IReadOnlyDictionary<string, string> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels)
{
    public static BeirDataset Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliException($"The dataset folder '{folder}' does not exist.");
        }

        var corpusPath = Require(folder, "corpus.jsonl");
        var queriesPath = Require(folder, "queries.jsonl");
        var qrelsPath = new[] { Path.Combine(folder, "qrels.tsv"), Path.Combine(folder, "qrels", "test.tsv") }.FirstOrDefault(File.Exists)
            ?? throw new CliException($"The dataset in '{folder}' has no qrels.tsv (nor qrels/test.tsv).");

        var corpus = JsonLines(corpusPath).Select(line => new CorpusDocument(line.Id, line.Field("title"), line.Field("text"))).ToList();
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in JsonLines(queriesPath))
        {
            queries[line.Id] = line.Field("text");
        }

        var qrels = LoadQrels(qrelsPath);
        var unknown = qrels.Keys.Where(q => !queries.ContainsKey(q)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException($"{qrelsPath} judges {unknown.Count} queries that {queriesPath} does not have (for example '{unknown[0]}').");
        }

        if (corpus.Count == 0 || qrels.Count == 0)
        {
            throw new CliException($"The dataset in '{folder}' has {corpus.Count} documents and {qrels.Count} judged queries; it needs both.");
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        return new BeirDataset(name, corpus, queries, qrels);
    }

    /// <summary>A BEIR folder's queries and judgments without its corpus: what an imported judgment set needs.</summary>
    public static (IReadOnlyDictionary<string, string> Queries, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels) LoadJudged(string folder)
    {
        var queriesPath = Require(folder, "queries.jsonl");
        var qrelsPath = new[] { Path.Combine(folder, "qrels.tsv"), Path.Combine(folder, "qrels", "test.tsv") }.FirstOrDefault(File.Exists)
            ?? throw new CliException($"The dataset in '{folder}' has no qrels.tsv (nor qrels/test.tsv).");
        return (LoadQueries(queriesPath), LoadQrels(qrelsPath));
    }

    /// <summary>Queries of a JSONL file (<c>_id</c>, <c>text</c>).</summary>
    public static IReadOnlyDictionary<string, string> LoadQueries(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"The queries file '{path}' does not exist.");
        }

        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in JsonLines(path))
        {
            queries[line.Id] = line.Field("text");
        }

        return queries;
    }

    /// <summary>Judgements by query: BEIR's tsv (with or without its header) or TREC's four columns, as trec_eval reads them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> LoadQrels(string path)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length is not (3 or 4))
            {
                throw new CliException($"{path}:{number}: expected 'query-id corpus-id score', found '{line}'.");
            }

            var (query, document, label) = parts.Length == 3 ? (parts[0], parts[1], parts[2]) : (parts[0], parts[2], parts[3]);
            if (!double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            {
                if (number == 1)
                {
                    continue; // the header
                }

                throw new CliException($"{path}:{number}: the score '{label}' is not a number.");
            }

            if (!qrels.TryGetValue(query, out var judged))
            {
                qrels[query] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            judged[document] = (int)score;
        }

        return qrels.ToDictionary(q => q.Key, q => (IReadOnlyDictionary<string, int>)q.Value, StringComparer.Ordinal);
    }

    private static string Require(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        return File.Exists(path) ? path : throw new CliException($"The dataset in '{folder}' has no {file}.");
    }

    private static IEnumerable<JsonLine> JsonLines(string path)
    {
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonElement element;
            try
            {
                using var document = JsonDocument.Parse(text);
                element = document.RootElement.Clone();
            }
            catch (JsonException exception)
            {
                throw new CliException($"{path}:{number}: not a JSON object ({exception.Message}).");
            }

            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("_id", out var id) || id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                throw new CliException($"{path}:{number}: every line needs an \"_id\".");
            }

            yield return new JsonLine(id.ToString(), element, path, number);
        }
    }

    private sealed record JsonLine(string Id, JsonElement Element, string Path, int Number)
    {
        public string Field(string name) => Element.TryGetProperty(name, out var value) switch
        {
            false => "",
            true when value.ValueKind == JsonValueKind.String => value.GetString()!,
            true when value.ValueKind == JsonValueKind.Null => "",
            _ => throw new CliException($"{Path}:{Number}: \"{name}\" must be a string."),
        };
    }
}
