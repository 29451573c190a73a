using Ingestion.Hosting;

namespace Ingestion.Dashboard.Tests;

/// <summary>
/// The dashboard alone, started the way the AppHost starts it (free ports, a known token) but with no
/// resources, for tests of the OTLP receiver and of the login gate.
/// </summary>
public sealed class StandaloneDashboard : IAsyncLifetime
{
    public const string Token = "test-token-5d1c";

    private DistributedApplication? _app;

    public DashboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = DistributedApplication.CreateBuilder(
        [
            "--Dashboard:Url=http://127.0.0.1:0",
            "--Dashboard:OtlpGrpcUrl=http://127.0.0.1:0",
            "--Dashboard:OtlpHttpUrl=http://127.0.0.1:0",
            $"--Dashboard:Token={Token}",
        ]);
        Server = builder.AddDashboard() ?? throw new InvalidOperationException("The dashboard is disabled.");
        _app = builder.Build();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
