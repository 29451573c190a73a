using Ingestion.Client.Model;
using Ingestion.Index.Judgments;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Experiments;

/// <summary>
/// What each arm of an experiment showed (an impression: a document shown for a query, to a caller, in one result
/// list) and what it earned: the judgments the same caller gave those documents for that query (<c>feedback</c>), and
/// for an ask, the documents its own answer cited (recorded with the impression, never another answer's citations of
/// the same question). Kept in the judgment store's file, so an arm's credit is one query; bounded by
/// <see cref="ExperimentOptions.MaxImpressions"/>. Only lists a caller was answered with are recorded.
/// </summary>
public sealed class ExperimentLog(JudgmentStore store, IOptions<ExperimentOptions> options, TimeProvider clock, ILogger<ExperimentLog> logger)
{
    public const string SearchKind = "search";
    public const string AskKind = "ask";

    /// <summary>A document an ask showed and its own answer cited: a success of its list as it is recorded.</summary>
    public const string CitedKind = "ask-cited";

    private static readonly string[] Arms = ["A", "B"];

    private long _impressions = -1;

    /// <summary>
    /// Records one result list (of <paramref name="kind"/>, <see cref="SearchKind"/> or <see cref="AskKind"/>), those of
    /// its documents in <paramref name="cited"/> as cited by its answer; a store in trouble is logged, never the
    /// request's failure.
    /// </summary>
    public async Task RecordAsync(ExperimentDraw draw, string kind, string query, IReadOnlyList<(string DocumentId, string Arm)> shown, IReadOnlySet<string>? cited = null)
    {
        ArgumentNullException.ThrowIfNull(draw);
        ArgumentNullException.ThrowIfNull(shown);
        try
        {
            await using var connection = await store.OpenAsync(CancellationToken.None);
            if (Interlocked.Read(ref _impressions) < 0)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM impressions";
                Interlocked.CompareExchange(ref _impressions, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture), -1);
            }

            if (Interlocked.Add(ref _impressions, shown.Count) > options.Value.MaxImpressions)
            {
                Interlocked.Add(ref _impressions, -shown.Count);
                return;
            }

            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO impressions (experiment, list_id, kind, arm, judge, query_id, document_id, at) VALUES ($experiment, $list, $kind, $arm, $judge, $query, $document, $at)";
            insert.Parameters.AddWithValue("$experiment", draw.Experiment);
            insert.Parameters.AddWithValue("$list", Guid.NewGuid().ToString("N"));
            var kindOf = insert.Parameters.AddWithValue("$kind", kind);
            insert.Parameters.AddWithValue("$judge", draw.Judge);
            insert.Parameters.AddWithValue("$query", JudgmentStore.QueryIdOf(query));
            insert.Parameters.AddWithValue("$at", clock.GetUtcNow().ToUnixTimeMilliseconds());
            var arm = insert.Parameters.AddWithValue("$arm", string.Empty);
            var document = insert.Parameters.AddWithValue("$document", string.Empty);
            foreach (var (documentId, shownBy) in shown)
            {
                (arm.Value, document.Value, kindOf.Value) = (shownBy, documentId, cited?.Contains(documentId) == true ? CitedKind : kind);
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            logger.LogWarning(e, "An impression of the experiment {Experiment} could not be recorded", draw.Experiment);
        }
    }

    /// <summary>The experiment's outcome so far; null when it never served a list and is not running.</summary>
    public async Task<ExperimentReport?> ReportAsync(string experiment, bool running, bool interleaved, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Per list and arm: how many of the documents it showed were judged useful by the caller it showed them to,
        // or (in an ask) cited by its own answer.
        command.CommandText = """
            SELECT i.list_id, i.arm, SUM(CASE WHEN i.kind = 'ask-cited' OR EXISTS (
                SELECT 1 FROM judgments j WHERE j.query_id = i.query_id AND j.document_id = i.document_id AND j.grade >= 1
                AND j.set_name = 'feedback' AND j.judge = i.judge) THEN 1 ELSE 0 END)
            FROM impressions i WHERE i.experiment = $experiment GROUP BY i.list_id, i.arm
            """;
        command.Parameters.AddWithValue("$experiment", experiment);
        var lists = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var list = reader.GetString(0);
                (lists.TryGetValue(list, out var arms) ? arms : lists[list] = new(StringComparer.Ordinal))[reader.GetString(1)] = reader.GetInt32(2);
            }
        }

        if (lists.Count == 0 && !running)
        {
            return null;
        }

        var reports = Arms.Select(arm =>
        {
            var served = lists.Values.Count(l => l.ContainsKey(arm));
            var earned = lists.Values.Count(l => l.GetValueOrDefault(arm) > 0);
            var (low, high) = WilsonInterval.Of(earned, served);
            return new ExperimentArmReport(arm, served, earned, served == 0 ? 0 : (double)earned / served, low, high);
        }).ToList();
        var winsB = lists.Values.Count(l => l.GetValueOrDefault("B") > l.GetValueOrDefault("A"));
        var winsA = lists.Values.Count(l => l.GetValueOrDefault("A") > l.GetValueOrDefault("B"));
        if (!interleaved || winsA + winsB == 0)
        {
            return new ExperimentReport(experiment, running, interleaved, reports, winsB, winsA, lists.Count - winsA - winsB, null, null, null);
        }

        var (winLow, winHigh) = WilsonInterval.Of(winsB, winsA + winsB);
        return new ExperimentReport(experiment, running, interleaved, reports, winsB, winsA, lists.Count - winsA - winsB, (double)winsB / (winsA + winsB), winLow, winHigh);
    }
}
