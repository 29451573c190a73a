using System.Diagnostics;
using StackExchange.Redis;

namespace Ingestion.Tests.Shared;

/// <summary>
/// A real <c>redis-server</c> of this machine for one test class, on a free loopback port with a throw-away folder and
/// no persistence. Fails, saying how to install it, when the server is missing.
/// </summary>
public sealed class LocalRedis : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ingestion-tests", "redis-" + Guid.NewGuid().ToString("N"))).FullName;
    private Process? _process;

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Port = FreePorts.One();
        try
        {
            _process = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _folder, "--save", string.Empty, "--appendonly", "no"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("redis-server is not installed: run 'bash eng/install-servers.sh'.");
        }

        _process!.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AbortOnConnectFail = false;
        Connection = await ConnectionMultiplexer.ConnectAsync(options);
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return (await Connection.GetDatabase().PingAsync()) >= TimeSpan.Zero;
                }
                catch (RedisException)
                {
                    return false;
                }
            },
            $"redis-server on port {Port} to answer",
            TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A connection to a port nothing listens on: Redis "down", failing fast.</summary>
    public static async Task<IConnectionMultiplexer> UnreachableAsync()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{FreePorts.One()}");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        options.SyncTimeout = 200;
        options.AsyncTimeout = 200;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
