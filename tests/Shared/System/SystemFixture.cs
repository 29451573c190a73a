using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.AppHost;
using Ingestion.Contracts;
using Ingestion.Dashboard;
using Ingestion.Hosting;
using Ingestion.Hosting.Resources;

namespace Ingestion.Tests.Shared;

/// <summary>
/// The whole system, started as the AppHost starts it (real Redis, real RabbitMQ, worker, gateway)
/// on free ports with a data folder of its own. A missing server fails every test with the
/// AppHost's message naming the script that installs it.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public const string AdminApiKey = "test-admin-key-0123456789";

    /// <summary>Searches per second a client may make: far above what the tests' polling needs.</summary>
    public const int SearchesPerSecond = 200;

    /// <summary>Asks per second a client may make.</summary>
    public const int AsksPerSecond = 20;

    /// <summary>Tests that need a rate-limit partition of their own name themselves in this header.</summary>
    public const string ClientIdHeader = "X-Client-Id";

    /// <summary>Low, so a test can exceed it with a modest document.</summary>
    public const int MaxChunksPerDocument = 40;

    /// <summary>The folder <c>file://</c> references may read from, made for this run.</summary>
    public string SourceRoot { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ingestion-it", "sources-" + Guid.NewGuid().ToString("N"))).FullName;

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-it", Guid.NewGuid().ToString("N"));
    private DistributedApplication? _app;

    /// <summary>The chat endpoint the gateway's asks are answered by (no real model can run here).</summary>
    public StandInChatServer Chat { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The system is not started.");

    public DashboardServer Dashboard => App.LifecycleHooks.OfType<DashboardServer>().Single();

    /// <summary>The dashboard's JSON API, logged in with its token as a bearer header.</summary>
    public HttpClient DashboardApi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Chat = await StandInChatServer.StartAsync();
        var builder = DistributedApplication.CreateBuilder(
        [
            $"--AppHost:DataPath={_dataPath}",
            "--AppHost:GatewayPort=0",
            $"--Gateway:AdminApiKey={AdminApiKey}",
            $"--Gateway:RateLimit:PermitsPerWindow={SearchesPerSecond}",
            $"--Gateway:RateLimit:ClientIdHeader={ClientIdHeader}",
            $"--Gateway:Ask:RateLimit:PermitsPerWindow={AsksPerSecond}",
            $"--Gateway:Ask:RateLimit:ClientIdHeader={ClientIdHeader}",
            $"--ConnectionStrings:chat={Chat.ConnectionString}",
            $"--Sources:FileRoot={SourceRoot}",
            "--Sources:AllowedHosts:0=127.0.0.1",
            $"--Worker:MaxChunksPerDocument={MaxChunksPerDocument}",
            "--Indexer:RetryLimit=1",
            "--Dashboard:Url=http://127.0.0.1:0",
            "--Dashboard:OtlpGrpcUrl=http://127.0.0.1:0",
            "--Dashboard:OtlpHttpUrl=http://127.0.0.1:0",
        ]);
        IngestionApp.Define(builder);
        _app = builder.Build();
        _app.EchoToConsole = false;
        await _app.StartAsync();
        Gateway = new HttpClient { BaseAddress = _app.Get<ProjectResource>(ResourceNames.Gateway).HttpEndpoint };
        DashboardApi = new HttpClient { BaseAddress = Dashboard.Url };
        DashboardApi.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Dashboard.Gate.Token);
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        DashboardApi?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
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

[CollectionDefinition(Name)]
public sealed class RunningSystem : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
