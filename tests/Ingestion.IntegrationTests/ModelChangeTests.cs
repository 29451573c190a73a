using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Contracts;
using Ingestion.Core.Embeddings;
using Ingestion.IntegrationTests.Faults;
using Xunit.Abstractions;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Changing <c>Embeddings:Model</c> on a system that holds documents: the restarted system re-indexes them from their
/// stored text into a new index beside the old one while searches go on reading the old one, then switches.
/// </summary>
[Collection(FaultInjectionTests.Name)]
public sealed class ModelChangeTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Enough chunks that the re-index is still running when the restarted system is up.</summary>
    private const int Documents = 300;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-it", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task ANewModelIsIndexedBesideTheOldWhileSearchesGoOnAndThenSearchesMoveToIt()
    {
        var ids = Enumerable.Range(0, Documents).Select(i => $"model-{i:D3}").ToList();
        await using (var first = await TestSystem.StartAsync(_dataPath, []))
        {
            await Task.WhenAll(ids.Select(id => PutAsync(first.Gateway, id, $"Document {id} is about herons.")));
            await Task.WhenAll(ids.Select(id => WaitSearchableAsync(first.Gateway, id)));
            Assert.Equal(SentenceEncoderModels.Default.ModelId, (await IndexAsync(first.Gateway)).Current!.Value.Model);
        }

        // The indexer starts once the rest is up, so the re-index runs while the test watches (not while the system starts).
        await using var second = await TestSystem.StartAsync(_dataPath, ["--Embeddings:Model=arctic-embed-xs"], startIndexer: false);
        await second.ExecuteAsync((await second.InstancesAsync(ResourceNames.Indexer, expected: 1))[0], "start");
        var during = await Eventually.ValueAsync(async () => await IndexAsync(second.Gateway) is { Building.Model: not null } building ? building : (IndexState?)null, "the re-index to begin", Timeout);
        output.WriteLine($"after the restart: searched {during.Current?.Name} ({during.Current?.Model}), building {during.Building?.Name} ({during.Building?.Model}, {during.Building?.Documents} documents)");
        Assert.Equal(SentenceEncoderModels.Default.ModelId, during.Current!.Value.Model);
        Assert.Equal(SentenceEncoderModels.ArcticEmbedXs.ModelId, during.Building!.Value.Model);

        // A change made during the re-index is kept by the new index.
        var changed = await PutAsync(second.Gateway, ids[0], "Document model-000 now is about otters holding hands.");

        // Searches are answered throughout, by the old index until the switch.
        var searches = 0;
        using var deadline = new CancellationTokenSource(Timeout);
        while ((await IndexAsync(second.Gateway)) is { Building: not null })
        {
            using var response = await second.Gateway.GetAsync("/api/search?q=herons&mode=hybrid&k=5", deadline.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEmpty((await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("hits").EnumerateArray());
            searches++;
            await Task.Delay(200, deadline.Token);
        }

        output.WriteLine($"{searches} searches answered during the re-index");
        Assert.True(searches > 0, "The re-index finished before any search could be made during it.");
        var after = await IndexAsync(second.Gateway);
        Assert.Equal(SentenceEncoderModels.ArcticEmbedXs.ModelId, after.Current!.Value.Model);
        Assert.Equal(Documents, after.Current.Value.Documents);

        // Every document is searchable in the new index, the change at its new version, and dense search embeds queries with the new model.
        var status = await WaitSearchableAsync(second.Gateway, ids[0], changed);
        Assert.Equal(changed, status.GetProperty("version").GetInt64());
        var dense = await second.Gateway.GetFromJsonAsync<JsonElement>("/api/search?q=otters+holding+hands&mode=dense&k=1");
        Assert.Equal(ids[0], dense.GetProperty("hits")[0].GetProperty("documentId").GetString());
    }

    private static async Task<long> PutAsync(HttpClient gateway, string id, string content)
    {
        using var response = await gateway.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }

    private static Task<JsonElement> WaitSearchableAsync(HttpClient gateway, string id, long version = 1) =>
        Eventually.ValueAsync(
            async () => await gateway.GetFromJsonAsync<JsonElement>($"/api/documents/{id}") is var status
                && status.GetProperty("state").GetString() == "indexed"
                && status.GetProperty("version").GetInt64() >= version
                && status.GetProperty("searchable").GetBoolean() ? status : (JsonElement?)null,
            $"{id} to be searchable",
            Timeout);

    private static async Task<IndexState> IndexAsync(HttpClient gateway)
    {
        var state = await gateway.GetFromJsonAsync<JsonElement>("/api/index");
        static IndexInfo? Of(JsonElement element) => element.ValueKind == JsonValueKind.Null ? null
            : new IndexInfo(
                element.GetProperty("name").GetString()!,
                // A new index has no model until its first commit records it, a moment after it appears.
                element.GetProperty("model") is { ValueKind: JsonValueKind.Object } model ? model.GetProperty("modelId").GetString() : null,
                element.GetProperty("documents").GetInt64());
        return new IndexState(Of(state.GetProperty("current")), Of(state.GetProperty("building")));
    }

    private readonly record struct IndexInfo(string Name, string? Model, long Documents);

    private readonly record struct IndexState(IndexInfo? Current, IndexInfo? Building);
}
