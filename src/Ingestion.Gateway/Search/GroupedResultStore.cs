using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingestion.Gateway.Search;

/// <summary>
/// Keeps a grouped search's whole ranking in Redis for a while, so its pages come from one ranking: a commit
/// between two pages can neither repeat nor skip a document (the Elasticsearch point-in-time idea). The cursor
/// names the stored ranking and the offset of the next page; an expired one is refused, never recomputed.
/// What is kept is bounded: one ranking at most <c>Gateway:MaxCursorBytes</c> (its best documents that fit), and the
/// rankings of one client, and of all clients, per <c>Gateway:CursorLifetime</c> by <c>Gateway:CursorBytesPerClient</c>
/// and <c>Gateway:CursorBytesTotal</c>, counted in Redis before a ranking is written.
/// </summary>
public sealed class GroupedResultStore(IConnectionMultiplexer redis, IOptions<GatewayOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly RedisByteBudget Budget = new("search:grouped:{budget}");

    internal static RedisKey TotalKey => Budget.TotalKey;

    /// <summary>
    /// Stores <paramref name="ranking"/> as <paramref name="client"/>'s and returns its id, or null when no more than
    /// <paramref name="firstPage"/> documents would fit (the first page holds them: there would be nothing to page
    /// to). Throws <see cref="CursorBudgetExceededException"/> over a budget.
    /// </summary>
    public async Task<string?> SaveAsync(StoredRanking ranking, string client, int firstPage)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(client);
        var limits = options.Value;
        var (bytes, kept) = Fitted(ranking, limits.MaxCursorBytes);
        if (kept <= firstPage)
        {
            return null;
        }

        var database = redis.GetDatabase();
        var (verdict, retryAfter) = await Budget.ReserveAsync(database, client, bytes.Length, limits.CursorLifetime, limits.CursorBytesPerClient, limits.CursorBytesTotal);
        if (verdict != BudgetVerdict.Within)
        {
            throw verdict == BudgetVerdict.OverClient
                ? new CursorBudgetExceededException($"A client may keep {limits.CursorBytesPerClient} bytes of grouped rankings for paging per {limits.CursorLifetime.TotalMinutes:0.#} minutes (Gateway:CursorBytesPerClient).", retryAfter)
                : new CursorBudgetExceededException($"The gateway keeps at most {limits.CursorBytesTotal} bytes of grouped rankings for paging per {limits.CursorLifetime.TotalMinutes:0.#} minutes (Gateway:CursorBytesTotal).", retryAfter);
        }

        var id = Guid.NewGuid().ToString("N");
        await database.StringSetAsync(Key(id), bytes, limits.CursorLifetime);
        return id;
    }

    /// <summary>The stored ranking, or null when it expired (or never existed).</summary>
    public async Task<StoredRanking?> LoadAsync(string id)
    {
        var value = await redis.GetDatabase().StringGetAsync(Key(id));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StoredRanking>((byte[])value!, Json);
    }

    /// <summary>The ranking serialised whole, or with as many of its best documents as fit <paramref name="maxBytes"/>; and how many it keeps.</summary>
    internal static (byte[] Bytes, int Kept) Fitted(StoredRanking ranking, int maxBytes)
    {
        var whole = JsonSerializer.SerializeToUtf8Bytes(ranking, Json);
        if (whole.Length <= maxBytes)
        {
            return (whole, ranking.Documents.Count);
        }

        // The most documents that fit, by bisection: a ranking's size grows with each document kept.
        var (fits, low, high) = (JsonSerializer.SerializeToUtf8Bytes(ranking with { Documents = [] }, Json), 0, ranking.Documents.Count - 1);
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            var candidate = JsonSerializer.SerializeToUtf8Bytes(ranking with { Documents = [.. ranking.Documents.Take(middle)] }, Json);
            if (candidate.Length <= maxBytes)
            {
                (fits, low) = (candidate, middle);
            }
            else
            {
                high = middle - 1;
            }
        }

        return (fits, low);
    }

    private static RedisKey Key(string id) => "search:grouped:" + id;
}
