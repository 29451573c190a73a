namespace Ingestion.Tests.Shared;

/// <summary>
/// The collection of a test project's tests that share one real <c>redis-server</c> (<see cref="LocalRedis"/>). Each
/// test project defines it (<c>[CollectionDefinition(SharedRedis.Name)]</c> on a class implementing
/// <c>ICollectionFixture&lt;LocalRedis&gt;</c>): xunit finds collection definitions only in the tests' own assembly.
/// </summary>
public static class SharedRedis
{
    public const string Name = "redis";
}
