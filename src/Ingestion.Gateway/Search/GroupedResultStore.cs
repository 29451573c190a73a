using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingestion.Gateway.Search;

/// <summary>
/// Keeps a grouped search's whole ranking in Redis for a while, so its pages come from one ranking: a commit
/// between two pages can neither repeat nor skip a document (the Elasticsearch point-in-time idea). The cursor
/// names the stored ranking and the offset of the next page; an expired one is refused, never recomputed.
/// </summary>
public sealed class GroupedResultStore(IConnectionMultiplexer redis, IOptions<GatewayOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> SaveAsync(StoredRanking ranking)
    {
        var id = Guid.NewGuid().ToString("N");
        await redis.GetDatabase().StringSetAsync(Key(id), JsonSerializer.SerializeToUtf8Bytes(ranking, Json), options.Value.CursorLifetime);
        return id;
    }

    /// <summary>The stored ranking, or null when it expired (or never existed).</summary>
    public async Task<StoredRanking?> LoadAsync(string id)
    {
        var value = await redis.GetDatabase().StringGetAsync(Key(id));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StoredRanking>((byte[])value!, Json);
    }

    private static RedisKey Key(string id) => "search:grouped:" + id;
}
