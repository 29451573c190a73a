using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Tests.Shared;

/// <summary>
/// The whole system, started as the AppHost starts it (Aspire's orchestrator, real Redis, real RabbitMQ, indexer,
/// worker, gateway) on free ports with a data folder of its own, shared by the tests of one collection.
/// </summary>
public class SystemFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public const string AdminApiKey = "test-admin-key-0123456789";

    /// <summary>The key <see cref="Gateway"/> sends: the principal <see cref="TesterName"/> with the read and write scopes.</summary>
    public const string TesterKey = "test-tester-key-0123456789";

    /// <summary>A key of every scope, whose user ingests a corpus, keeps its judgments and evaluates on them (<c>ingest eval --judgments</c>).</summary>
    public const string EvaluatorKey = "test-evaluator-key-0123456789";

    public const string TesterName = "tester";

    /// <summary>A second principal: <see cref="AuditorName"/> in the group <see cref="AuditGroup"/>, with the read scope only.</summary>
    public const string AuditorKey = "test-auditor-key-0123456789";

    public const string AuditorName = "auditor";

    public const string AuditGroup = "audit";

    /// <summary>Searches per second a client may make: far above what the tests' polling needs.</summary>
    public const int SearchesPerSecond = 200;

    /// <summary>Asks per second a client may make.</summary>
    public const int AsksPerSecond = 20;

    /// <summary>Low, so a test can exceed it with a modest flood of grouped searches.</summary>
    public const int CursorBytesPerClient = 1024 * 1024;

    /// <summary>Tests that need a rate-limit partition of their own name themselves in this header.</summary>
    public const string ClientIdHeader = "X-Client-Id";

    /// <summary>Low, so a test can exceed it with a modest document.</summary>
    public const int MaxChunksPerDocument = 40;

    /// <summary>Low, so a document of a dozen chunks travels by the indexer's queue for large documents.</summary>
    public const int LargeMessageBytes = 16384;

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-it", Guid.NewGuid().ToString("N"));
    private TestSystem? _system;

    private readonly (HttpListener Listener, int Port) _source = ListenOnFreePort();

    /// <summary>The one loopback port <c>http://</c> references may name (a host allows only the ports it is listed with).</summary>
    public int SourcePort => _source.Port;

    /// <summary>
    /// Listening on <see cref="SourcePort"/> from the fixture's start, for a test to serve a reference from: a port
    /// only chosen, not held, was taken once by a process the system started before the test could listen on it.
    /// </summary>
    public HttpListener SourceListener => _source.Listener;

    /// <summary>The folder <c>file://</c> references may read from, made for this run.</summary>
    public string SourceRoot { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ingestion-it", "sources-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>The chat endpoint the gateway's asks are answered by (no real model can run here).</summary>
    public StandInChatServer Chat { get; private set; } = null!;

    public TestSystem Running => _system ?? throw new InvalidOperationException("The system is not started.");

    public HttpClient Gateway => Running.Gateway;

    /// <summary>Whether the Aspire dashboard runs too (the browser tests need it).</summary>
    protected virtual bool WithDashboard => false;

    public async Task InitializeAsync()
    {
        Chat = await StandInChatServer.StartAsync();
        _system = await TestSystem.StartAsync(
            _dataPath,
            [
                $"--Gateway:AdminApiKey={AdminApiKey}",
                $"--Gateway:Keys:0:Name={TesterName}",
                $"--Gateway:Keys:0:Key={TesterKey}",
                "--Gateway:Keys:0:Scopes:0=read",
                "--Gateway:Keys:0:Scopes:1=write",
                $"--Gateway:Keys:1:Name={AuditorName}",
                $"--Gateway:Keys:1:Key={AuditorKey}",
                "--Gateway:Keys:1:Scopes:0=read",
                $"--Gateway:Keys:1:Groups:0={AuditGroup}",
                "--Gateway:Keys:2:Name=evaluator",
                $"--Gateway:Keys:2:Key={EvaluatorKey}",
                "--Gateway:Keys:2:Scopes:0=read",
                "--Gateway:Keys:2:Scopes:1=write",
                "--Gateway:Keys:2:Scopes:2=admin",
                $"--Gateway:RateLimit:PermitsPerWindow={SearchesPerSecond}",
                $"--Gateway:RateLimit:ClientIdHeader={ClientIdHeader}",
                $"--Gateway:Ask:RateLimit:PermitsPerWindow={AsksPerSecond}",
                $"--Gateway:Ask:RateLimit:ClientIdHeader={ClientIdHeader}",
                // The tests stand in for the proxy that names its clients: the header is believed only from these.
                $"--Gateway:CursorBytesPerClient={CursorBytesPerClient}",
                "--Gateway:KnownProxies:0=127.0.0.1",
                "--Gateway:KnownProxies:1=::1",
                $"--ConnectionStrings:chat={Chat.ConnectionString}",
                $"--Sources:FileRoot={SourceRoot}",
                $"--Sources:AllowedHosts:0=127.0.0.1:{SourcePort}",
                $"--Worker:MaxChunksPerDocument={MaxChunksPerDocument}",
                $"--Worker:LargeMessageBytes={LargeMessageBytes}",
                "--Indexer:RetryLimit=1",
                "--Gateway:Mcp:AllowWrites=true",
                // The dashboard's evaluation resource, on the tool's fixture (copied beside the integration tests).
                $"--AppHost:Evaluation:Dataset={Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-beir")}",
                "--AppHost:Evaluation:Modes=bm25,hybrid",
            ],
            WithDashboard);
        // Every endpoint needs a credential once the gateway has keys; requests that name their own key keep it.
        _system.Gateway.DefaultRequestHeaders.Add("X-Api-Key", TesterKey);
    }

    private static (HttpListener Listener, int Port) ListenOnFreePort()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePorts.One();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    public async Task DisposeAsync()
    {
        _source.Listener.Close();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        if (Chat is not null)
        {
            await Chat.DisposeAsync();
        }

        foreach (var folder in new[] { _dataPath, SourceRoot })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    public async Task<JsonElement> PutAsync(string id, object body)
    {
        using var response = await Gateway.PutAsJsonAsync($"/api/documents/{Uri.EscapeDataString(id)}", body);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    public async Task<JsonElement?> StatusAsync(string id)
    {
        using var response = await Gateway.GetAsync($"/api/documents/{Uri.EscapeDataString(id)}");
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>Waits until the document's status reaches <paramref name="state"/> at <paramref name="version"/> or newer.</summary>
    public Task<JsonElement> WaitForStateAsync(string id, string state, long version) =>
        Eventually.ValueAsync(
            async () => await StatusAsync(id) is { } status
                && status.GetProperty("state").GetString() == state
                && status.GetProperty("version").GetInt64() >= version ? status : (JsonElement?)null,
            $"{id} to be {state} at version {version}");

    /// <summary>Waits until the document is indexed at <paramref name="version"/> or newer and the gateway's reader holds it.</summary>
    public Task<JsonElement> WaitForSearchableAsync(string id, long version) =>
        Eventually.ValueAsync(
            async () => await StatusAsync(id) is { } status
                && status.GetProperty("state").GetString() == "indexed"
                && status.GetProperty("version").GetInt64() >= version
                && status.TryGetProperty("searchable", out var searchable) && searchable.ValueKind == JsonValueKind.True ? status : (JsonElement?)null,
            $"{id} to be searchable at version {version}");

    /// <summary>
    /// Waits until a search satisfies <paramref name="condition"/>: a change is durable when its status
    /// says so, and searchable once the gateway's reader refreshes (a fraction of a second later).
    /// </summary>
    public async Task<JsonElement[]> WaitForSearchAsync(string query, string mode, Func<JsonElement[], bool> condition, string description, int k = 10)
    {
        var found = await Eventually.ValueAsync(
            async () => await SearchAsync(query, mode, k) is var hits && condition(hits) ? new SearchHits(hits) : (SearchHits?)null,
            $"'{query}' in {mode} mode: {description}");
        return found.Hits;
    }

    public async Task<JsonElement[]> SearchAsync(string query, string mode, int k = 10)
    {
        var response = await Gateway.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(query)}&mode={mode}&k={k}", Json);
        return [.. response.GetProperty("hits").EnumerateArray()];
    }
}

/// <summary>A search result as a value, for waiting on it.</summary>
public readonly record struct SearchHits(JsonElement[] Hits);
