using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Ingestion.Core.Redis;

public static class RedisExtensions
{
    /// <summary>
    /// One Redis connection from <c>ConnectionStrings__{name}</c> through Aspire's client integration (health check,
    /// tracing, metrics), added once however often asked for. Both shapes Aspire gives work: <c>host:port</c> (our
    /// local server) and <c>host:port,password=…</c> (its container).
    /// </summary>
    public static IHostApplicationBuilder AddRedis(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(s => s.ServiceType == typeof(IConnectionMultiplexer)))
        {
            return builder;
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(connectionName)))
        {
            throw new InvalidOperationException($"ConnectionStrings__{connectionName} is not set: it must name the Redis server (host:port).");
        }

        // Keep retrying in the background instead of failing start-up while Redis restarts.
        builder.AddRedisClient(connectionName, configureOptions: options => options.AbortOnConnectFail = false);
        return builder;
    }
}
