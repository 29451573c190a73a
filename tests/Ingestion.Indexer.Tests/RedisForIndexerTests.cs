namespace Ingestion.Indexer.Tests;

/// <summary>One real <c>redis-server</c> for all the indexer's tests.</summary>
[CollectionDefinition(Name)]
public sealed class RedisForIndexerTests : ICollectionFixture<LocalRedis>
{
    public const string Name = "redis";
}
