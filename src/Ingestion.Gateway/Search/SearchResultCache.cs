using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SearchResponse = Ingestion.Client.Model.SearchResponse;

namespace Ingestion.Gateway.Search;

/// <summary>
/// Search answers in Redis, keyed by the index generation that answered and a hash of the normalised request.
/// A new commit changes the generation, so older answers are simply never looked up again (they expire on their
/// own): no scan, no invalidation message, and no answer from an older generation is ever served.
/// A cache that cannot be reached is a miss: search never depends on Redis being up. What one client, and all
/// clients, may cache is bounded in bytes per <c>Gateway:ResultCacheLifetime</c> (<c>Gateway:ResultCacheBytesPerClient</c>,
/// <c>Gateway:ResultCacheBytesTotal</c>); past a budget an answer is simply not cached.
/// </summary>
public sealed class SearchResultCache(IConnectionMultiplexer redis, IOptions<GatewayOptions> options, GatewayMetrics metrics, ILogger<SearchResultCache> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly RedisByteBudget Budget = new("search:result:{budget}");

    /// <summary>Answers larger than this are not cached: a k=1000 answer with long chunks would crowd out many small ones.</summary>
    public const int MaxCachedBytes = 256 * 1024;

    public bool Enabled => options.Value.ResultCacheLifetime > TimeSpan.Zero;

    /// <summary>The cache key of a request: everything that shapes the answer, in one canonical form.</summary>
    public static string KeyFor(long generation, object normalisedRequest)
    {
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(normalisedRequest, Json));
        return $"search:result:{generation}:{Convert.ToHexStringLower(hash)}";
    }

    public async Task<SearchResponse?> GetAsync(string key)
    {
        SearchResponse? found = null;
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key);
            found = value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SearchResponse>((byte[])value!, Json);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "The search result cache could not be read; searching without it");
        }

        metrics.CacheLookedUp(GatewayMetrics.ResultCache, found is not null);
        return found;
    }

    /// <summary>Caches <paramref name="response"/> as <paramref name="client"/>'s, within its budget and all clients'.</summary>
    public async Task SetAsync(string key, SearchResponse response, string client)
    {
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(response, Json);
            if (bytes.Length > MaxCachedBytes)
            {
                return;
            }

            var limits = options.Value;
            var database = redis.GetDatabase();
            var (verdict, _) = await Budget.ReserveAsync(database, client, bytes.Length, limits.ResultCacheLifetime, limits.ResultCacheBytesPerClient, limits.ResultCacheBytesTotal);
            if (verdict == BudgetVerdict.Within)
            {
                await database.StringSetAsync(key, bytes, limits.ResultCacheLifetime);
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "The search result cache could not be written; the answer is returned uncached");
        }
    }

    /// <summary>Query text with its whitespace collapsed: "a  b" and " a b" are the same question.</summary>
    public static string NormaliseQuery(string query) =>
        string.Join(' ', (query ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
