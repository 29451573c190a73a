namespace Ingestion.IntegrationTests;

/// <summary>
/// One running system for the tests that name this collection. Defined here, not beside <see cref="SystemFixture"/>:
/// xunit finds collection definitions only in the tests' own assembly.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RunningSystem : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
