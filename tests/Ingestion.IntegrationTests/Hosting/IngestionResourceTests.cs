using System.Net.Http.Json;
using System.Text.Json;
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

    [Fact]
    public async Task ItsDashboardCommandsRedriveTheErrorQueuesAndShowTheIndexStateInItsLogsThroughTheSecuredGateway()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var app = system.Running.App;
        await app.ResourceNotifications.WaitForResourceAsync("ingestion", KnownResourceStates.Running, timeout.Token);
        var current = (await system.Gateway.GetFromJsonAsync<JsonElement>("/api/index", timeout.Token)).GetProperty("current").GetProperty("name").GetString()!;

        var redrive = await app.ResourceCommands.ExecuteCommandAsync("ingestion", "redrive-errors", timeout.Token);
        var state = await app.ResourceCommands.ExecuteCommandAsync("ingestion", "index-state", timeout.Token);

        // The gateway has keys in the test system: the commands got past its door with the AppHost's own key.
        Assert.True(redrive.Success, redrive.Message);
        Assert.True(state.Success, state.Message);
        var logged = new List<string>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync("ingestion").WithCancellation(timeout.Token))
        {
            logged.AddRange(batch.Select(line => line.Content));
            if (logged.Any(l => l.Contains("Redrive: messages moved back", StringComparison.Ordinal)) && logged.Any(l => l.Contains("Index: ", StringComparison.Ordinal) && l.Contains(current, StringComparison.Ordinal)))
            {
                break;
            }
        }

        Assert.Contains(logged, l => l.Contains("Redrive: messages moved back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheEvaluationResourceEvaluatesItsDatasetWhenStartedAndReportsInItsLog()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var app = system.Running.App;
        var instance = (await system.Running.InstancesAsync("evaluation", expected: 1))[0];

        await system.Running.ExecuteAsync(instance, "start");
        var finished = await app.ResourceNotifications.WaitForResourceAsync(
            "evaluation",
            e => e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state) && e.Snapshot.ExitCode is not null,
            timeout.Token);
        Assert.Equal(0, finished.Snapshot.ExitCode);
        // The process has ended: its whole log is there to read.
        using var reading = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var logged = new List<string>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(instance).WithCancellation(reading.Token))
        {
            logged.AddRange(batch.Select(line => line.Content));
            if (logged.Any(l => l.Contains("\"ndcgAt10\"", StringComparison.Ordinal)))
            {
                break;
            }
        }

        Assert.Contains(logged, l => l.Contains("\"documents\": 12", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Contains("\"documentsFailed\": 0", StringComparison.Ordinal));
    }
}
