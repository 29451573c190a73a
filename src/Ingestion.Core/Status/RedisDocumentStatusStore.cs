using System.Globalization;
using StackExchange.Redis;

namespace Ingestion.Core.Status;

/// <summary>
/// Status in Redis hashes. Each change is one Lua script, so the "never move back" rule holds even
/// when the gateway and several workers write the same document at once.
/// </summary>
public sealed class RedisDocumentStatusStore(IConnectionMultiplexer redis, TimeProvider clock) : IDocumentStatusStore
{
    /// <summary>
    /// Lua numbers are doubles, exact only up to 2^53, and clients may give versions up to <see cref="DocumentVersions.Max"/>
    /// (clock ticks are about 2^59): versions are compared and incremented as decimal strings, exactly.
    /// </summary>
    private const string VersionFunctions = """
        local function newer(a, b)
          if #a ~= #b then return #a > #b end
          return a > b
        end
        local function increment(s)
          local out, carry = '', 1
          for i = #s, 1, -1 do
            local digit = string.byte(s, i) - 48 + carry
            if digit == 10 then digit, carry = 0, 1 else carry = 0 end
            out = string.char(digit + 48) .. out
          end
          if carry == 1 then out = '1' .. out end
          return out
        end
        """;

    private const string RecordScript = VersionFunctions + "\n" + """
        local current = redis.call('HMGET', KEYS[1], 'version', 'rank')
        local version = ARGV[1]
        local rank = tonumber(ARGV[2])
        local currentVersion = current[1]
        local currentRank = tonumber(current[2])
        if currentVersion and (newer(currentVersion, version) or (version == currentVersion and rank < currentRank)) then
          -- A worker can be faster than the gateway's "queued": the version still keeps when it was accepted.
          if version == currentVersion and ARGV[8] == '1' then redis.call('HSETNX', KEYS[1], 'queuedAt', ARGV[13]) end
          if version == currentVersion and ARGV[15] ~= '' then redis.call('HSETNX', KEYS[1], 'readers', ARGV[15]) end
          return 0
        end
        if not currentVersion or newer(version, currentVersion) then
          redis.call('DEL', KEYS[1])
        end
        redis.call('HSET', KEYS[1], 'version', ARGV[1], 'rank', ARGV[2], 'state', ARGV[3], 'updatedAt', ARGV[7])
        if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'chunkCount', ARGV[4]) end
        if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'error', ARGV[5]) else redis.call('HDEL', KEYS[1], 'error') end
        if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'traceId', ARGV[6]) end
        if ARGV[8] == '1' then redis.call('HSET', KEYS[1], 'queuedAt', ARGV[13]) end
        if ARGV[9] == '1' then redis.call('HSET', KEYS[1], 'indexedAt', ARGV[7]) end
        if ARGV[10] ~= '' then redis.call('HSET', KEYS[1], 'failedStep', ARGV[10]) else redis.call('HDEL', KEYS[1], 'failedStep') end
        if ARGV[11] ~= '' then redis.call('HSET', KEYS[1], 'attempts', ARGV[11]) end
        if ARGV[12] ~= '' then redis.call('HSET', KEYS[1], 'supersededBy', ARGV[12]) end
        if ARGV[15] ~= '' then redis.call('HSET', KEYS[1], 'readers', ARGV[15]) end
        if ARGV[14] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[14]) end
        return 1
        """;

    /// <summary>The version claim expires with a delete's status, unless a newer change has claimed a version since. ARGV: the version, milliseconds.</summary>
    private const string ForgetClaimScript = """
        local claim = redis.call('GET', KEYS[1])
        if claim and (claim == ARGV[1] or string.sub(claim, 1, #ARGV[1] + 1) == ARGV[1] .. '|') then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 1
        """;

    private const string GetManyScript = """
        local hashes = {}
        for i, key in ipairs(KEYS) do hashes[i] = redis.call('HGETALL', key) end
        return hashes
        """;

    /// <summary>
    /// The version key holds <c>version|change hash</c> of the newest claim (a bare version from before hashes were kept).
    /// ARGV: the given version ('' to assign one), the change's hash, the clock in milliseconds.
    /// </summary>
    private const string ClaimVersionScript = VersionFunctions + "\n" + """
        local stored = redis.call('GET', KEYS[1]) or '0'
        local separator = string.find(stored, '|', 1, true)
        local current = separator and string.sub(stored, 1, separator - 1) or stored
        local hash = separator and string.sub(stored, separator + 1) or ''
        local version = ARGV[1]
        if version == '' then
          version = ARGV[3]
          if ARGV[4] ~= '' and not newer(version, ARGV[4]) then version = increment(ARGV[4]) end
          if not newer(version, current) then version = increment(current) end
        elseif not newer(version, current) then
          if version == current and ARGV[2] == hash then return {'Repeated', version} end
          return {'Conflict', current}
        end
        redis.call('SET', KEYS[1], version .. '|' .. ARGV[2])
        return {'Claimed', version}
        """;

    public async Task RecordAsync(string documentId, long version, DocumentState state, StatusDetails details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        // A status never moves back: queued < processing < failed < indexed, deleted and superseded. A failure never
        // replaces an outcome the index made durable (a late fault after a commit that succeeded), while a success does
        // replace a failure (a redriven message).
        var rank = state switch
        {
            DocumentState.Queued => 0,
            DocumentState.Processing => 1,
            DocumentState.Failed => 2,
            _ => 3,
        };
        var recorded = (int)await Database.ScriptEvaluateAsync(
            RecordScript,
            [StatusKey(documentId)],
            [
                version.ToString(CultureInfo.InvariantCulture),
                rank,
                state.ToString(),
                details.ChunkCount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                details.Error ?? string.Empty,
                details.TraceId ?? string.Empty,
                clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                state == DocumentState.Queued ? "1" : "0",
                state is DocumentState.Indexed or DocumentState.Deleted ? "1" : "0",
                details.FailedStep ?? string.Empty,
                details.Attempts?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                details.SupersededBy?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                (details.AcceptedAt ?? clock.GetUtcNow()).ToString("O", CultureInfo.InvariantCulture),
                details.ForgetAfter is { } forget ? ((long)forget.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : string.Empty,
                details.Readers is { } readers ? System.Text.Json.JsonSerializer.Serialize(readers) : string.Empty,
            ]);
        if (recorded == 1 && details.ForgetAfter is { } after)
        {
            // A key of its own (one key per script, so a Redis cluster can run it).
            await Database.ScriptEvaluateAsync(ForgetClaimScript, [VersionKey(documentId)], [version.ToString(CultureInfo.InvariantCulture), ((long)after.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)]);
        }
    }

    public Task RecordIgnoredAsync(string documentId, long version, CancellationToken cancellationToken) =>
        Database.HashSetAsync(StatusKey(documentId), "lastIgnoredVersion", version);

    public async Task<DocumentStatus?> GetAsync(string documentId, CancellationToken cancellationToken) =>
        Parse(documentId, (await Database.HashGetAllAsync(StatusKey(documentId))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal));

    /// <summary>One script reads every hash: one round trip (and one traced command) for a poll of a thousand ids.</summary>
    public async Task<DocumentStatus?[]> GetManyAsync(IReadOnlyList<string> documentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        if (documentIds.Count == 0)
        {
            return [];
        }

        var hashes = (RedisResult[])(await Database.ScriptEvaluateAsync(GetManyScript, [.. documentIds.Select(StatusKey)]))!;
        var statuses = new DocumentStatus?[documentIds.Count];
        for (var i = 0; i < statuses.Length; i++)
        {
            var pairs = (RedisResult[])hashes[i]!;
            var fields = new Dictionary<string, string>(pairs.Length / 2, StringComparer.Ordinal);
            for (var p = 0; p + 1 < pairs.Length; p += 2)
            {
                fields[pairs[p].ToString()] = pairs[p + 1].ToString();
            }

            statuses[i] = Parse(documentIds[i], fields);
        }

        return statuses;
    }

    private static DocumentStatus? Parse(string documentId, Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("state", out var state))
        {
            return null;
        }

        return new DocumentStatus(
            documentId,
            Enum.Parse<DocumentState>(state),
            long.Parse(fields["version"], CultureInfo.InvariantCulture),
            fields.TryGetValue("chunkCount", out var chunks) ? int.Parse(chunks, CultureInfo.InvariantCulture) : null,
            fields.GetValueOrDefault("error"),
            fields.GetValueOrDefault("traceId"),
            Time(fields, "queuedAt"),
            Time(fields, "updatedAt") ?? DateTimeOffset.MinValue,
            Time(fields, "indexedAt"),
            fields.TryGetValue("lastIgnoredVersion", out var ignored) ? long.Parse(ignored, CultureInfo.InvariantCulture) : null,
            fields.GetValueOrDefault("failedStep"),
            fields.TryGetValue("attempts", out var attempts) ? int.Parse(attempts, CultureInfo.InvariantCulture) : null,
            fields.TryGetValue("supersededBy", out var supersededBy) ? long.Parse(supersededBy, CultureInfo.InvariantCulture) : null)
        {
            Readers = fields.TryGetValue("readers", out var readers) ? System.Text.Json.JsonSerializer.Deserialize<List<string>>(readers) : null,
        };
    }

    public async Task<VersionClaim> ClaimVersionAsync(string documentId, long? version, string changeHash, long? newerThan, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(
            ClaimVersionScript,
            [VersionKey(documentId)],
            [
                version?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                changeHash,
                clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                newerThan?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            ]))!;
        return new VersionClaim(Enum.Parse<VersionClaimOutcome>(result[0].ToString()), long.Parse(result[1].ToString(), CultureInfo.InvariantCulture));
    }

    private IDatabase Database => redis.GetDatabase();

    /// <summary>The hash that holds a document's status (tests that make Redis lose one name it by this).</summary>
    public static RedisKey StatusKey(string documentId) => "ingestion:status:" + documentId;

    private static RedisKey VersionKey(string documentId) => "ingestion:version:" + documentId;

    private static DateTimeOffset? Time(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;
}
