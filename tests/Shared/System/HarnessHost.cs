using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Tests.Shared;

/// <summary>
/// A service built as its Program builds it (its own <c>Add…</c> call, a real Redis for statuses and caches), with
/// MassTransit's test harness in place of RabbitMQ: the harness keeps the service's consumers and definitions and swaps
/// the transport for its in-memory one, so a test sees what they consumed and published. The service gets a data
/// folder of its own, removed at dispose.
/// </summary>
public sealed class HarnessHost : IAsyncDisposable
{
    private readonly IHost _host;

    private HarnessHost(IHost host, string dataPath)
    {
        _host = host;
        DataPath = dataPath;
        Harness = host.Services.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>A folder of this host's own (the indexer's <c>Index:DataPath</c>).</summary>
    public string DataPath { get; }

    public static async Task<HarnessHost> StartAsync(LocalRedis redis, Action<IHostApplicationBuilder> addService, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(addService);
        var dataPath = Path.Combine(Path.GetTempPath(), "ingestion-harness-tests", Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            // Parsed by the messaging set-up, never connected to: the harness replaces the transport.
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:1/",
            ["Index:DataPath"] = dataPath,
            ["Index:CommitDelay"] = "00:00:00.010",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        addService(builder);
        builder.Services.AddMassTransitTestHarness();
        var host = builder.Build();
        await host.StartAsync();
        return new HarnessHost(host, dataPath);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
