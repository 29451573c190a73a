using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Ingestion.IntegrationTests.Faults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.IntegrationTests;

/// <summary>
/// The sample (#25) as a user runs it: its own AppHost (one <c>AddIngestion</c> call and its app) started with
/// Aspire.Hosting.Testing; the app publishes its notes and answers through <c>AddIngestionClient</c>, and its agent
/// answers by calling the gateway's MCP tools through a chat model (the local OpenAI-compatible stand-in, which calls
/// <c>get_context</c> when offered tools and answers with what it returned). In the faults' collection: it starts a
/// system of its own, not beside the others.
/// </summary>
[Collection(FaultInjectionTests.Name)]
public sealed class SampleTests : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-sample-tests", Guid.NewGuid().ToString("N"));
    private StandInChatServer _chat = null!;
    private DistributedApplication _app = null!;

    public async Task InitializeAsync()
    {
        _chat = await StandInChatServer.StartAsync();
        var ports = FreePorts.Take(4);
        string[] args =
        [
            $"--AppHost:DataPath={_dataPath}",
            "--AppHost:GatewayPort=0",
            "--AppHost:EchoResourceLogs=false",
            $"--ASPNETCORE_URLS=http://127.0.0.1:{ports[0]}",
            $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{ports[1]}",
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{ports[2]}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{ports[3]}",
            "--DcpPublisher:RandomizePorts=false",
            $"--ConnectionStrings:chat={_chat.ConnectionString}",
        ];
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ingestion_Sample_AppHost>(args, (options, _) => options.DisableDashboard = true, timeout.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("app", timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _chat.DisposeAsync();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task TheSampleAppPublishesAndAnswersWithCitationsAndItsAgentAnswersThroughTheMcpTools()
    {
        using var app = _app.CreateHttpClient("app", "http");
        app.Timeout = TimeSpan.FromMinutes(3);

        using var published = await app.PostAsync(new Uri("/notes", UriKind.Relative), null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        var ask = await app.GetFromJsonAsync<JsonElement>("/ask?q=When%20does%20the%20harbour%20flood%3F");
        var agent = await app.GetFromJsonAsync<JsonElement>("/agent?q=When%20does%20the%20harbour%20of%20Port%20Ellery%20flood%3F");

        Assert.Contains("sample/tides.md", ask.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("documentId").GetString()));
        Assert.Equal(StandInChatServer.AnswerTo(ask.GetProperty("citations").GetArrayLength()), ask.GetProperty("answer").GetString());
        Assert.Equal(["get_context"], agent.GetProperty("toolsCalled").EnumerateArray().Select(t => t.GetString()));
        // The model got the tool's passages from the gateway: the note's own words came back in its answer.
        Assert.StartsWith(StandInChatServer.ToolAnswerPrefix, agent.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Contains("floods twice a day", agent.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }
}
