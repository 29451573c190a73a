namespace Ingestion.Dashboard.Tests;

/// <summary>The whole system with the real Aspire dashboard, shared by the browser tests.</summary>
public sealed class DashboardSystem : SystemFixture
{
    protected override bool WithDashboard => true;
}

[CollectionDefinition(Name)]
public sealed class WithDashboard : ICollectionFixture<DashboardSystem>
{
    public const string Name = "dashboard";
}
