using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Indexer.Tests;

/// <summary>
/// The indexer built as its Program builds it (the embedded index in a folder of its own, a real Redis for statuses),
/// with MassTransit's test harness in place of RabbitMQ: the harness keeps the indexer's consumers and definitions
/// and swaps the transport for its in-memory one.
/// </summary>
public sealed class IndexerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private IndexerHost(IHost host, string dataPath)
    {
        _host = host;
        DataPath = dataPath;
        Harness = host.Services.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => _host.Services;

    public string DataPath { get; }

    public static async Task<IndexerHost> StartAsync(LocalRedis redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var dataPath = Path.Combine(Path.GetTempPath(), "ingestion-indexer-tests", Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            // Parsed by the messaging set-up, never connected to: the harness replaces the transport.
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:1/",
            ["Index:DataPath"] = dataPath,
            ["Index:CommitDelay"] = "00:00:00.010",
        });
        builder.AddIngestionIndexer();
        builder.Services.AddMassTransitTestHarness();
        var host = builder.Build();
        await host.StartAsync();
        return new IndexerHost(host, dataPath);
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
