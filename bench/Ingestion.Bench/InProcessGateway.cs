using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ingestion.Bench;

/// <summary>
/// The gateway in this process over an index folder, with its caches off and no broker or Redis (searches are answered
/// without them): two of them, one with identities and one without, answer one request after the other in the same
/// process, so what identities cost is not hidden by the drift between two processes measured one after the other.
/// </summary>
internal sealed class InProcessGateway(string indexPath, IEnumerable<string> settings) : WebApplicationFactory<Ingestion.Gateway.GatewayOptions>
{
    static InProcessGateway()
    {
        // The factory looks for the gateway's folder beside a solution file at the repository root; it is under src/,
        // and the gateway needs nothing from it here, so this program's own folder serves as its content root.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_INGESTION_GATEWAY", AppContext.BaseDirectory);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Index:DataPath", indexPath);
        builder.UseSetting("ConnectionStrings:cache", "127.0.0.1:1,abortConnect=false,connectTimeout=200");
        builder.UseSetting("ConnectionStrings:messaging", "amqp://guest:guest@127.0.0.1:1/");
        builder.UseSetting("Gateway:ResultCacheLifetime", "00:00:00");
        builder.UseSetting("Gateway:RateLimit:PermitsPerWindow", "1000000");
        builder.UseSetting("EmbeddingCache:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var setting in settings)
        {
            var (key, value) = (setting[2..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            builder.UseSetting(key, value);
        }
    }
}
