using Aspire.Hosting.ApplicationModel;
using Ingestion.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Ingestion.IntegrationTests.Hosting;

/// <summary>
/// The AppHost is one <c>AddIngestion</c> call (#25): its resource <c>ingestion</c> is running once the gateway is, and
/// its connection string is the gateway's address, from which an app's <c>AddIngestionClient</c> reaches the system.
/// </summary>
[Collection(RunningSystem.Name)]
public sealed class IngestionResourceTests(SystemFixture system)
{
    [Fact]
    public async Task TheIngestionResourceRunsWithItsGatewayAndItsConnectionStringGivesAnAppAWorkingClient()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await system.Running.App.ResourceNotifications.WaitForResourceAsync("ingestion", KnownResourceStates.Running, timeout.Token);
        var connection = await system.Running.ConnectionStringAsync("ingestion");

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:ingestion"] = connection;
        builder.Configuration["Ingestion:Client:ApiKey"] = SystemFixture.TesterKey;
        builder.AddIngestionClient("ingestion");
        using var app = builder.Build();
        var client = app.Services.GetRequiredService<IngestionClient>();
        var index = await client.GetIndexAsync(timeout.Token);
        var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(timeout.Token);

        Assert.Equal(system.Gateway.BaseAddress, new Uri(connection));
        Assert.NotNull(index.Current);
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }
}
