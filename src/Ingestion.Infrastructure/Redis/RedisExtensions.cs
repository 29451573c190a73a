using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Ingestion.Infrastructure.Redis;

public static class RedisExtensions
{
    /// <summary>One Redis connection from <c>ConnectionStrings__{name}</c>, with a health check; added once however often asked for.</summary>
    public static IHostApplicationBuilder AddRedis(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(s => s.ServiceType == typeof(IConnectionMultiplexer)))
        {
            return builder;
        }

        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings__{connectionName} is not set: it must name the Redis server (host:port).");
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);

            // Keep retrying in the background instead of failing start-up while Redis restarts.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName);
        return builder;
    }
}
