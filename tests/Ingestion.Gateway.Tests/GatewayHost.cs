using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ingestion.Gateway.Tests;

/// <summary>
/// The gateway in this test process on <see cref="WebApplicationFactory{TEntryPoint}"/>, with a real Redis and an
/// embedded index folder of its own. No RabbitMQ runs here: the broker address leads nowhere, so a change that
/// passes every check at the door is answered 503 by the publish, which tells these tests it got past the door.
/// </summary>
public sealed class GatewayHost : WebApplicationFactory<Program>
{
    public const string ApiKey = "gateway-tests-api-key-0123";
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-gateway-tests", Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <summary>The embedded index's folder, which a test may fill before the gateway starts.</summary>
    public string DataPath => _dataPath;

    public GatewayHost(LocalRedis redis, IReadOnlyDictionary<string, string?>? settings = null)
        : this(redis.ConnectionString, settings)
    {
    }

    /// <summary>A gateway whose Redis is at <paramref name="redisConnection"/> (which may lead nowhere, as when Redis is down).</summary>
    public GatewayHost(string redisConnection, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var defaults = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:cache"] = redisConnection,
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:1/",
            ["Index:DataPath"] = _dataPath,
            ["Gateway:PublishTimeout"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        _settings = defaults;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}
