namespace Ingestion.Gateway.Tests;

/// <summary>One real <c>redis-server</c> for all the gateway's tests.</summary>
[CollectionDefinition(Name)]
public sealed class RedisForGatewayTests : ICollectionFixture<LocalRedis>
{
    public const string Name = "redis";
}
