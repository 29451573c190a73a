using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Ingestion.Cli.Commands;
using Ingestion.Cli.Documents;
using Ingestion.Cli.Gateway;
using Ingestion.Client.Evaluation;
using Ingestion.Client.Model;
using Spectre.Console;

namespace Ingestion.Cli.Evaluation;

/// <summary>
/// How an evaluation runs: where its documents live in the index (searches are restricted to ids starting with
/// <see cref="IdPrefix"/>, which a dataset's run files leave out where <see cref="PrefixIsTheIndexs"/>), and how hard it
/// drives the gateway.
/// </summary>
internal sealed record EvaluationSettings(string IdPrefix, int Parallelism, int TimeoutSeconds, string? RunsFolder, bool PrefixIsTheIndexs = true);

/// <summary>
/// Ingests a BEIR corpus through the gateway (skipping documents already indexed, so a second run only queries),
/// runs every judged query in each mode as a grouped search (documents ranked as documents, among the dataset's own),
/// and scores the top 100 of each.
/// </summary>
internal sealed class EvaluationRunner(CliContext context, GatewayClient gateway)
{
    /// <summary>The version every corpus document is published as: a dataset does not change, so one version suffices.</summary>
    private const long CorpusVersion = 1;

    /// <summary>Documents scored per query, as trec_eval and BEIR score them.</summary>
    private const int Scored = 100;

    /// <summary>
    /// Documents asked per query: a first page that holds the whole ranking a gateway keeps by default
    /// (<c>Gateway:MaxGroupedDocuments</c>, 200), so no query leaves a cursor's ranking in Redis to page through.
    /// </summary>
    private const int Asked = 200;

    public async Task<EvaluationReport> RunAsync(BeirDataset dataset, IReadOnlyList<string> modes, EvaluationSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(modes);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.RunsFolder is not null && TrecRun.FirstUnwritable(dataset.Corpus.Select(d => d.Id).Concat(dataset.Qrels.Keys)) is { } unwritable)
        {
            // Said before anything is ingested or asked, not after the whole run.
            throw new CliException($"The id '{unwritable}' of {dataset.Name} holds white space, which a TREC run file cannot: evaluate without --runs.");
        }

        var clock = Stopwatch.StartNew();
        var failed = await IngestAsync(dataset, settings, cancellationToken);
        var ingestSeconds = clock.Elapsed.TotalSeconds;

        var reports = await EvaluateAsync(JudgedQueries.Of(dataset), [.. modes.Select(SearchConfiguration.Parse)], settings, cancellationToken);
        return new EvaluationReport(dataset.Name, dataset.Corpus.Count, failed, ingestSeconds, reports);
    }

    /// <summary>
    /// Runs every judged query in each configuration against the index as it is, and scores the runs; writes the run
    /// files and per-query figures where <see cref="EvaluationSettings.RunsFolder"/> says.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ModeReport>> EvaluateAsync(JudgedQueries judged, IReadOnlyList<SearchConfiguration> configurations, EvaluationSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(judged);
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(settings);
        var reports = new Dictionary<string, ModeReport>(StringComparer.Ordinal);
        var perQuery = new Dictionary<string, IReadOnlyDictionary<string, MetricSet>>(StringComparer.Ordinal);
        if (settings.RunsFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        foreach (var configuration in configurations)
        {
            var clock = Stopwatch.StartNew();
            var (scores, run, refused) = await ScoreAsync(judged, configuration, settings, cancellationToken);
            var firstRefusal = refused.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"query {r.Key}: {r.Value}").FirstOrDefault();
            reports[configuration.Name] = new ModeReport(scores.Queries, scores.Mean.NdcgAt10, scores.Mean.RecallAt100, scores.Mean.MrrAt10, scores.Mean.MapAt100, clock.Elapsed.TotalSeconds, refused.Count, firstRefusal);
            if (refused.Count > 0)
            {
                await context.Error.WriteLineAsync($"ingest: the gateway refused {refused.Count} {configuration.Name} queries; they count as finding nothing ({firstRefusal}).");
            }

            perQuery[configuration.Name] = scores.PerQuery;
            if (settings.RunsFolder is { } runs)
            {
                await TrecRun.WriteAsync(Path.Combine(runs, $"{FileNameOf(configuration.Name)}.run"), run, $"ingestion-{FileNameOf(configuration.Name)}", cancellationToken);
            }
        }

        if (settings.RunsFolder is { } output)
        {
            await File.WriteAllTextAsync(Path.Combine(output, "per-query.json"), JsonSerializer.Serialize(perQuery, JsonOutput.Indented), cancellationToken);
        }

        return reports;
    }

    /// <summary>One configuration's run over the judged queries and its figures, overall and per query.</summary>
    public async Task<(RunScores Scores, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Run, IReadOnlyDictionary<string, string> Refused)> ScoreAsync(JudgedQueries judged, SearchConfiguration configuration, EvaluationSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(judged);
        var (run, refused) = await QueryAsync(judged, configuration, settings, cancellationToken);
        return (RetrievalMetrics.Evaluate(judged.Qrels, run), run, refused);
    }

    /// <summary>A configuration's name as a file's: its settings' punctuation made safe.</summary>
    private static string FileNameOf(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));

    /// <summary>Publishes the documents not yet indexed and waits for them; returns how many are not searchable.</summary>
    private async Task<int> IngestAsync(BeirDataset dataset, EvaluationSettings settings, CancellationToken cancellationToken)
    {
        var ids = dataset.Corpus.Select(d => settings.IdPrefix + d.Id).ToList();
        var known = (await gateway.StatusesAsync(ids, cancellationToken)).ToDictionary(s => s.DocumentId, StringComparer.Ordinal);
        var done = known.Values.Where(s => s.Version >= CorpusVersion && s.State is DocumentState.Indexed or DocumentState.Failed).ToList();
        var doneIds = done.Select(s => s.DocumentId).ToHashSet(StringComparer.Ordinal);
        var todo = dataset.Corpus.Where(d => !doneIds.Contains(settings.IdPrefix + d.Id)).ToList();
        if (done.Count > 0 && context.ShowProgress)
        {
            context.Console.MarkupLineInterpolated($"{done.Count} of {dataset.Corpus.Count} documents are already in the index; publishing {todo.Count}.");
        }

        var publisher = new BatchPublisher(gateway, settings.Parallelism);
        var tags = new[] { $"beir:{dataset.Name}" };
        var published = await Reports.WithProgressAsync(context, "publishing corpus", todo.Count, step => publisher.RunAsync(
            todo,
            (document, token) => gateway.PutAsync(
                settings.IdPrefix + document.Id,
                new DocumentChange("text/plain", document.Text.Length > 0 ? document.Text : document.Title, document.Title, tags, CorpusVersion),
                token),
            document => settings.IdPrefix + document.Id,
            _ => step(),
            cancellationToken));
        var outcomes = await PublishCommand.WaitAsync(context, gateway, published, settings.TimeoutSeconds, cancellationToken);

        var failed = done.Count(s => s.State == DocumentState.Failed) + published.Count(p => !p.Accepted) + outcomes.Count(o => o.Kind == OutcomeKind.Failed);
        if (failed > 0)
        {
            await context.Error.WriteLineAsync($"ingest: {failed} corpus documents could not be indexed; they count as not retrieved.");
        }

        return failed;
    }

    /// <summary>
    /// Every judged query's ranking; a query the gateway refuses (400: too long, say) ranks nothing and is named with
    /// the reason, and the others go on: one query never ends a run.
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Run, IReadOnlyDictionary<string, string> Refused)> QueryAsync(JudgedQueries judged, SearchConfiguration configuration, EvaluationSettings settings, CancellationToken cancellationToken)
    {
        var queries = judged.Qrels.Keys.ToList();
        var run = new ConcurrentDictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        var refused = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Reports.WithProgressAsync(context, $"{configuration.Name} queries", queries.Count, async step =>
        {
            await Parallel.ForEachAsync(queries, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken }, async (query, token) =>
            {
                try
                {
                    var result = await gateway.SearchDocumentsAsync(configuration.RequestFor(judged.Queries[query], Asked, settings.IdPrefix), perDocument: 1, token);
                    var strip = settings.PrefixIsTheIndexs ? settings.IdPrefix.Length : 0;
                    run[query] = TrecRun.ScoresOf([.. (result.Documents ?? []).Take(Scored).Select(d => d.DocumentId[strip..])]);
                }
                catch (GatewayRefusedException exception)
                {
                    refused[query] = exception.Message;
                    run[query] = new Dictionary<string, double>();
                }

                step();
            });
            return run.Count;
        });

        return (run, refused);
    }
}
