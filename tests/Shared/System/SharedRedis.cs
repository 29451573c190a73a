namespace Ingestion.Tests.Shared;

/// <summary>One real <c>redis-server</c> for all of a test project's tests that name this collection.</summary>
[CollectionDefinition(Name)]
public sealed class SharedRedis : ICollectionFixture<LocalRedis>
{
    public const string Name = "redis";
}
