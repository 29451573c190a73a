using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Judgments;

/// <summary>
/// Judgment sets in an embedded SQLite file: imported sets (a team's own qrels), and the two the system fills, from
/// callers' feedback and from the documents chat answers cited. A judgment is kept per judge (a caller, "import",
/// "chat"), so a judge's later grade replaces its own earlier one and never another's; a set's grade of a (query,
/// document) is the rounded mean of its judges'. Bounded in sets, queries and judgments (<see cref="JudgmentOptions"/>).
/// </summary>
public sealed class JudgmentStore : IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS sets (name TEXT PRIMARY KEY, source TEXT NOT NULL, updated INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS queries (set_name TEXT NOT NULL, query_id TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (set_name, query_id));
        CREATE TABLE IF NOT EXISTS judgments (set_name TEXT NOT NULL, query_id TEXT NOT NULL, document_id TEXT NOT NULL, judge TEXT NOT NULL, grade INTEGER NOT NULL, PRIMARY KEY (set_name, query_id, document_id, judge));
        CREATE TABLE IF NOT EXISTS impressions (experiment TEXT NOT NULL, list_id TEXT NOT NULL, kind TEXT NOT NULL, arm TEXT NOT NULL, judge TEXT NOT NULL, query_id TEXT NOT NULL, document_id TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS impressions_by_experiment ON impressions (experiment, list_id);
        CREATE INDEX IF NOT EXISTS judgments_by_query ON judgments (query_id, document_id);
        CREATE INDEX IF NOT EXISTS judgments_by_judge ON judgments (set_name, judge);
        """;

    private readonly JudgmentOptions _options;
    private readonly string _connection;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly Func<Task> _create;
    private Task? _created;
    private readonly TimeProvider _clock;

    public JudgmentStore(IOptions<JudgmentOptions> options, IOptions<IndexOptions> index, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(index);
        _options = options.Value;
        _clock = clock;
        var path = _options.Path ?? System.IO.Path.Combine(index.Value.DataPath, "judgments.db");
        _connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        _create = async () =>
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            await using var connection = await OpenAsync(CancellationToken.None, created: false);
            await ExecuteAsync(connection, null, Schema, CancellationToken.None);
        };
    }

    /// <summary>The id a query's text has in the sets the system fills: the same text, however spaced or cased, is one query.</summary>
    public static string QueryIdOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalised = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        return "q-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)))[..16];
    }

    public Task<IReadOnlyList<JudgmentSetSummary>> ListAsync(CancellationToken cancellationToken) => SummariesAsync(null, cancellationToken);

    /// <summary>One set's summary, or null when there is none of that name (without counting every other set).</summary>
    public async Task<JudgmentSetSummary?> SummaryAsync(string name, CancellationToken cancellationToken) =>
        (await SummariesAsync(name, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<JudgmentSetSummary>> SummariesAsync(string? name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT s.name, s.source, s.updated,
              (SELECT COUNT(*) FROM queries q WHERE q.set_name = s.name),
              (SELECT COUNT(*) FROM (SELECT DISTINCT query_id, document_id FROM judgments j WHERE j.set_name = s.name))
            FROM sets s WHERE $name IS NULL OR s.name = $name ORDER BY s.name
            """, ("$name", (object?)name ?? DBNull.Value));
        var sets = new List<JudgmentSetSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sets.Add(new JudgmentSetSummary(reader.GetString(0), reader.GetString(1), reader.GetInt32(3), reader.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return sets;
    }

    /// <summary>The set whole, with one grade per judged (query, document); null when there is none of that name.</summary>
    public async Task<JudgmentSet?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        string source;
        await using (var find = Command(connection, null, "SELECT source FROM sets WHERE name = $name", ("$name", name)))
        {
            if (await find.ExecuteScalarAsync(cancellationToken) is not string found)
            {
                return null;
            }

            source = found;
        }

        var queries = new List<JudgedQuery>();
        await using (var read = Command(connection, null, "SELECT query_id, text FROM queries WHERE set_name = $name ORDER BY query_id", ("$name", name)))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                queries.Add(new JudgedQuery(reader.GetString(0), reader.GetString(1)));
            }
        }

        var judgments = new List<Judgment>();
        // The judges' mean, rounded half away from zero (SQLite's ROUND): one thumb up and one down is a 1, a 0.5.
        await using (var read = Command(connection, null, """
            SELECT query_id, document_id, CAST(ROUND(AVG(grade)) AS INTEGER) FROM judgments WHERE set_name = $name
            GROUP BY query_id, document_id ORDER BY query_id, document_id
            """, ("$name", name)))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                judgments.Add(new Judgment(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }

        return new JudgmentSet(name, source, queries, judgments);
    }

    /// <summary>Replaces the set <paramref name="name"/> with these queries and judgments (judged by "import"), in one transaction.</summary>
    public async Task ReplaceAsync(string name, IReadOnlyList<JudgedQuery> queries, IReadOnlyList<Judgment> judgments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(judgments);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await EnsureRoomForAsync(connection, transaction, name, cancellationToken);
            await DeleteAsync(connection, transaction, name, cancellationToken);
            await ExecuteAsync(connection, transaction, "INSERT INTO sets (name, source, updated) VALUES ($name, 'imported', $now)", cancellationToken, ("$name", name), ("$now", Now()));
            await using (var insert = Command(connection, transaction, "INSERT INTO queries (set_name, query_id, text) VALUES ($name, $id, $text)", ("$name", name), ("$id", ""), ("$text", "")))
            {
                foreach (var query in queries)
                {
                    (insert.Parameters["$id"].Value, insert.Parameters["$text"].Value) = (query.Id, query.Text);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await using (var insert = Command(connection, transaction, "INSERT OR REPLACE INTO judgments (set_name, query_id, document_id, judge, grade) VALUES ($name, $query, $document, 'import', $grade)", ("$name", name), ("$query", ""), ("$document", ""), ("$grade", 0)))
            {
                foreach (var judgment in judgments)
                {
                    (insert.Parameters["$query"].Value, insert.Parameters["$document"].Value, insert.Parameters["$grade"].Value) = (judgment.QueryId, judgment.DocumentId, judgment.Grade);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Adds (or, from the same judge, replaces) grades of documents for one query to a set the system fills; false
    /// when the set is full (<see cref="JudgmentOptions.MaxJudgments"/>, or <see cref="JudgmentOptions.MaxQueries"/> for
    /// a query the judge has not judged: whether another judge holds it must not change the answer, which would tell
    /// that someone asked it) or the judge holds <paramref name="maxPerJudge"/> judgments of it already.
    /// </summary>
    public async Task<bool> AddAsync(string name, string queryText, IReadOnlyCollection<(string DocumentId, int Grade)> grades, string judge, int? maxPerJudge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grades);
        var queryId = QueryIdOf(queryText);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var judged = Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM judgments WHERE set_name = $name", cancellationToken, ("$name", name)), CultureInfo.InvariantCulture);
            var newToJudge = await ScalarAsync(connection, transaction, "SELECT 1 FROM judgments WHERE set_name = $name AND query_id = $id AND judge = $judge", cancellationToken, ("$name", name), ("$id", queryId), ("$judge", judge)) is null;
            var queries = newToJudge ? Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM queries WHERE set_name = $name", cancellationToken, ("$name", name)), CultureInfo.InvariantCulture) : 0;
            var own = maxPerJudge is null ? 0 : Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM judgments WHERE set_name = $name AND judge = $judge", cancellationToken, ("$name", name), ("$judge", judge)), CultureInfo.InvariantCulture);
            var replaced = maxPerJudge is null ? 0 : await OwnOfAsync(connection, transaction, name, queryId, judge, grades, cancellationToken);
            if (judged + grades.Count > _options.MaxJudgments || (newToJudge && queries + 1 > _options.MaxQueries) || own - replaced + grades.Count > maxPerJudge)
            {
                return false;
            }

            await EnsureRoomForAsync(connection, transaction, name, cancellationToken);
            await ExecuteAsync(connection, transaction, "INSERT INTO sets (name, source, updated) VALUES ($name, $name, $now) ON CONFLICT (name) DO UPDATE SET updated = $now", cancellationToken, ("$name", name), ("$now", Now()));
            await ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO queries (set_name, query_id, text) VALUES ($name, $id, $text)", cancellationToken, ("$name", name), ("$id", queryId), ("$text", queryText));
            foreach (var (documentId, grade) in grades)
            {
                await ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO judgments (set_name, query_id, document_id, judge, grade) VALUES ($name, $query, $document, $judge, $grade)", cancellationToken, ("$name", name), ("$query", queryId), ("$document", documentId), ("$judge", judge), ("$grade", grade));
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>How many of <paramref name="grades"/> replace a judgment <paramref name="judge"/> already made of the query.</summary>
    private static async Task<int> OwnOfAsync(SqliteConnection connection, SqliteTransaction transaction, string name, string queryId, string judge, IReadOnlyCollection<(string DocumentId, int Grade)> grades, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var (documentId, _) in grades)
        {
            if (await ScalarAsync(connection, transaction, "SELECT 1 FROM judgments WHERE set_name = $name AND query_id = $query AND document_id = $document AND judge = $judge", cancellationToken, ("$name", name), ("$query", queryId), ("$document", documentId), ("$judge", judge)) is not null)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Removes the set; false when there was none of that name.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var deleted = await DeleteAsync(connection, transaction, name, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return deleted;
        }
        finally
        {
            _writes.Release();
        }
    }

    private static async Task<bool> DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "DELETE FROM judgments WHERE set_name = $name", cancellationToken, ("$name", name));
        await ExecuteAsync(connection, transaction, "DELETE FROM queries WHERE set_name = $name", cancellationToken, ("$name", name));
        return await ExecuteAsync(connection, transaction, "DELETE FROM sets WHERE name = $name", cancellationToken, ("$name", name)) > 0;
    }

    /// <summary>A new set only while fewer than <see cref="JudgmentOptions.MaxSets"/> exist.</summary>
    private async Task EnsureRoomForAsync(SqliteConnection connection, SqliteTransaction transaction, string name, CancellationToken cancellationToken)
    {
        var exists = await ScalarAsync(connection, transaction, "SELECT 1 FROM sets WHERE name = $name", cancellationToken, ("$name", name)) is not null;
        var count = Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM sets", cancellationToken), CultureInfo.InvariantCulture);
        if (!exists && count >= _options.MaxSets)
        {
            throw new JudgmentSetsFullException($"{count} judgment sets are kept, the most Gateway:Judgments:MaxSets allows; delete one first.");
        }
    }

    public void Dispose() => _writes.Dispose();

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>An open connection to the store's file, its tables created: the experiment log keeps its impressions beside the judgments they are credited by.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken, bool created = true)
    {
        if (created)
        {
            // Created once; a creation that failed (the folder briefly unwritable) is tried again by the next
            // request rather than failing every request until a restart. Two at once only repeat IF NOT EXISTS.
            var creating = _created ??= _create();
            try
            {
                await creating;
            }
            catch
            {
                _ = Interlocked.CompareExchange(ref _created, null, creating);
                throw;
            }
        }

        var connection = new SqliteConnection(_connection);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (parameter, value) in parameters)
        {
            command.Parameters.AddWithValue(parameter, value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
