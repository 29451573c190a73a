using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Worker.Tests;

/// <summary>
/// An embedding worker built as its Program builds it (the real encoder, a real Redis for statuses and the cache),
/// with MassTransit's test harness in place of RabbitMQ: the harness keeps the worker's consumer and definition and
/// swaps the transport for its in-memory one, so the test sees what the consumer consumed and published.
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerHost(IHost host)
    {
        _host = host;
        Harness = host.Services.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<WorkerHost> StartAsync(LocalRedis redis, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            // Parsed by the messaging set-up, never connected to: the harness replaces the transport.
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:1/",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddIngestionWorker();
        builder.Services.AddMassTransitTestHarness();
        var host = builder.Build();
        await host.StartAsync();
        return new WorkerHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
