namespace Ingestion.Worker.Tests;

/// <summary>One real <c>redis-server</c> for all the worker's tests.</summary>
[CollectionDefinition(Name)]
public sealed class RedisForWorkerTests : ICollectionFixture<LocalRedis>
{
    public const string Name = "redis";
}
