using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Ingestion.Gateway.Search;

/// <summary>
/// Bytes one client, and all clients, may add to Redis per window, counted in Redis before anything is written: what
/// keeps one client's stream of requests from filling Redis's memory, where eviction would take other clients' data.
/// </summary>
/// <param name="prefix">The counters' key prefix; its hash tag keeps both counters in one cluster slot.</param>
internal sealed class RedisByteBudget(string prefix)
{
    // Both counters grow by the size; either over its budget takes the size back and answers how long until that
    // counter's window ends. A window starts with the first size counted in it. One script, so two requests at once
    // cannot both pass a budget that has room for one.
    private static readonly LuaScript Reserve = LuaScript.Prepare("""
        local size = tonumber(@size)
        local client = redis.call('INCRBY', @clientKey, size)
        if redis.call('PTTL', @clientKey) < 0 then redis.call('PEXPIRE', @clientKey, @windowMs) end
        local total = redis.call('INCRBY', @totalKey, size)
        if redis.call('PTTL', @totalKey) < 0 then redis.call('PEXPIRE', @totalKey, @windowMs) end
        if client > tonumber(@perClient) or total > tonumber(@allClients) then
          redis.call('DECRBY', @clientKey, size)
          redis.call('DECRBY', @totalKey, size)
          if client > tonumber(@perClient) then return {1, redis.call('PTTL', @clientKey)} end
          return {2, redis.call('PTTL', @totalKey)}
        end
        return {0, 0}
        """);

    /// <summary>Where the count of all clients is kept.</summary>
    public RedisKey TotalKey => prefix + ":total";

    /// <summary>
    /// Counts <paramref name="size"/> bytes to <paramref name="client"/> and to all clients: <see cref="BudgetVerdict.Within"/>,
    /// or which budget it would exceed (then nothing is counted) and when that budget's window ends.
    /// </summary>
    public async Task<(BudgetVerdict Verdict, TimeSpan RetryAfter)> ReserveAsync(IDatabase database, string client, long size, TimeSpan window, long perClient, long allClients)
    {
        ArgumentNullException.ThrowIfNull(database);
        var verdict = (RedisResult[])(await database.ScriptEvaluateAsync(Reserve, new
        {
            size,
            clientKey = ClientKey(client),
            totalKey = TotalKey,
            windowMs = (long)window.TotalMilliseconds,
            perClient,
            allClients,
        }))!;
        return ((BudgetVerdict)(int)verdict[0], TimeSpan.FromMilliseconds(Math.Max(1_000, (long)verdict[1])));
    }

    /// <summary>A client's counter; hashed, as a client may be named by a header of any length.</summary>
    private RedisKey ClientKey(string client) =>
        prefix + ":client:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(client)));
}

/// <summary>What <see cref="RedisByteBudget.ReserveAsync"/> found.</summary>
internal enum BudgetVerdict
{
    Within = 0,
    OverClient = 1,
    OverTotal = 2,
}
