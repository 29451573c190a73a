using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Hosting.Redis;

public static class RedisServerBuilderExtensions
{
    /// <summary>
    /// Redis from the machine's <c>redis-server</c> (no container runtime is needed): loopback only, an append-only file
    /// under <paramref name="dataRoot"/>/<paramref name="name"/> so data survives a restart, and a health check, so
    /// <c>WaitFor</c> means it answers. Memory is bounded by <paramref name="maxMemory"/> with <c>volatile-lru</c>: only
    /// keys with a time to live (the caches) are ever evicted, never statuses or versions, which have none.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataRoot, string maxMemory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var data = Path.Combine(dataRoot, name);
        var redis = new RedisServerResource(name, ServerExecutables.Require(name, "redis-server", "redis-server"), data);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, cancellationToken) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken));
        var healthCheck = $"{name}-answers";
        builder.Services.AddHealthChecks().AddRedis(_ => connectionString ?? throw new InvalidOperationException($"{name} has no endpoint yet."), name: healthCheck);

        return builder.AddResource(redis)
            .WithEndpoint(name: RedisServerResource.PrimaryEndpointName, scheme: "tcp", isProxied: true)
            .WithEndpoint(RedisServerResource.PrimaryEndpointName, endpoint => endpoint.TargetHost = "127.0.0.1")
            .WithArgs(
                "--bind", "127.0.0.1",
                "--port", redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort),
                "--dir", data,
                "--appendonly", "yes",
                "--save", string.Empty,
                "--daemonize", "no",
                "--protected-mode", "no",
                "--maxmemory", maxMemory,
                "--maxmemory-policy", "volatile-lru")
            .OnBeforeResourceStarted((resource, _, _) =>
            {
                Directory.CreateDirectory(resource.DataFolder);
                return Task.CompletedTask;
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }
}
