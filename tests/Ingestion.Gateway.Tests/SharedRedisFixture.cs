namespace Ingestion.Gateway.Tests;

/// <summary>This project's tests that share one <c>redis-server</c> (see <see cref="SharedRedis"/>).</summary>
[CollectionDefinition(SharedRedis.Name)]
public sealed class SharedRedisFixture : ICollectionFixture<LocalRedis>;
