using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Core.Embeddings;
using Ingestion.IntegrationTests.Faults;
using Xunit.Abstractions;

namespace Ingestion.IntegrationTests;

/// <summary>
/// The switch gate (<c>Index:SwitchGate</c>) on a model change: the re-index builds the new model's index, the gate
/// evaluates both on a stored judgment set, holds a worse model with the figures and why (GET /api/index, the CLI),
/// searches go on reading the old index, and an operator's switch from the dashboard moves them.
/// </summary>
[Collection(FaultInjectionTests.Name)]
public sealed class SwitchGateTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Documents = 40;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    private static readonly string[] Subjects = ["herons", "otters", "beavers", "kingfishers", "salmon", "moths", "bats", "owls", "foxes", "badgers"];
    private static readonly string[] Places = ["reed beds", "river banks", "old barns", "pine woods", "tidal flats", "hedgerows", "mountain streams", "city parks"];
    private static readonly string[] Habits = ["hunt at dusk", "build dams", "dive for fish", "sleep through the winter", "migrate in spring", "feed on insects", "nest in hollows", "hide in burrows"];

    private static readonly string[] Queries =
    [
        "animals that live near water", "creatures active at night", "what eats fish", "winter survival", "nesting places",
        "wildlife in towns", "small mammals underground", "birds by rivers", "insects after dark", "engineering by animals",
        "spring journeys", "woodland hunters", "coastal feeding", "hollow trees", "quiet predators",
        "freshwater life", "barn dwellers", "hibernation", "shy animals", "flying mammals",
    ];

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
    public async Task AWorseModelIsHeldWithItsFiguresWhileSearchesReadTheOldIndexUntilAnOperatorSwitches()
    {
        var random = new Random(26);
        var ids = Enumerable.Range(0, Documents).Select(i => $"gate-{i:D2}").ToList();
        await using (var first = await TestSystem.StartAsync(_dataPath, []))
        {
            await Task.WhenAll(ids.Select(id => PutAsync(first.Gateway, id, $"{Pick(random, Subjects)} of the {Pick(random, Places)} {Pick(random, Habits)}, and {Pick(random, Subjects)} {Pick(random, Habits)}.")));
            await Task.WhenAll(ids.Select(id => WaitSearchableAsync(first.Gateway, id)));

            // Deliberately worse for any other model: each query's one relevant document is the one the default model ranks first,
            // so it scores 1.0 on every query and another model less wherever its first document differs.
            var judgments = new List<object>();
            for (var q = 0; q < Queries.Length; q++)
            {
                var top = await first.Gateway.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(Queries[q])}&mode=dense&k=1");
                judgments.Add(new { queryId = $"q{q:D2}", documentId = top.GetProperty("hits")[0].GetProperty("documentId").GetString(), grade = 3 });
            }

            using var put = await first.Gateway.PutAsJsonAsync("/api/judgments/gate", new { queries = Queries.Select((text, q) => new { id = $"q{q:D2}", text }), judgments });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await using var second = await TestSystem.StartAsync(_dataPath, ["--Embeddings:Model=arctic-embed-xs", "--Index:SwitchGate:Judgments=gate", "--Index:SwitchGate:Tolerance=0"]);
        var held = await Eventually.ValueAsync(
            async () => (await IndexStateAsync(second.Gateway)).GetProperty("held") is { ValueKind: JsonValueKind.Object } hold ? hold : (JsonElement?)null,
            "the switch gate to hold the re-index",
            Timeout);
        output.WriteLine($"held: {held}");
        var state = await IndexStateAsync(second.Gateway);
        Assert.Equal(SentenceEncoderModels.Default.ModelId, state.GetProperty("current").GetProperty("model").GetProperty("modelId").GetString());
        Assert.Equal(SentenceEncoderModels.ArcticEmbedXs.ModelId, state.GetProperty("building").GetProperty("model").GetProperty("modelId").GetString());
        Assert.Equal(state.GetProperty("building").GetProperty("name").GetString(), held.GetProperty("target").GetString());
        Assert.Equal(Queries.Length, held.GetProperty("queries").GetInt32());
        Assert.Equal(1.0, held.GetProperty("current").GetDouble(), 6);
        Assert.True(held.GetProperty("building").GetDouble() < 1.0, "arctic-embed-xs scored as well as the model the judgments were made from");
        Assert.Contains("'gate'", held.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // While held, searches are answered from the old index.
        using (var search = await second.Gateway.GetAsync(new Uri("/api/search?q=herons&mode=dense&k=3", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            Assert.NotEmpty((await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits").EnumerateArray());
        }

        var gateway = second.Gateway.BaseAddress!.ToString();
        var (shown, said, _) = await CliRunner.RunAsync("index", "--gateway", gateway);
        Assert.Equal(0, shown);
        Assert.Contains("held", said, StringComparison.Ordinal);
        Assert.Contains("ingest index switch", said, StringComparison.Ordinal);
        var (waited, _, waitError) = await CliRunner.RunAsync("index", "--wait", "--timeout", "30", "--gateway", gateway);
        Assert.Equal(1, waited);
        Assert.Contains("held by the switch gate", waitError, StringComparison.Ordinal);

        // The operator switches from the dashboard (the AppHost's command calls POST /api/index/switch).
        var approved = await second.App.ResourceCommands.ExecuteCommandAsync("ingestion", "switch-held-index");
        Assert.True(approved.Success, approved.Message);
        var after = await Eventually.ValueAsync(
            async () => await IndexStateAsync(second.Gateway) is var now && now.GetProperty("building").ValueKind == JsonValueKind.Null ? now : (JsonElement?)null,
            "the approved switch",
            Timeout);
        Assert.Equal(SentenceEncoderModels.ArcticEmbedXs.ModelId, after.GetProperty("current").GetProperty("model").GetProperty("modelId").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("held").ValueKind);

        // Nothing is held any more: a second switch is refused, by HTTP and by the CLI.
        using var again = await second.Gateway.PostAsync(new Uri("/api/index/switch", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var (switched, _, switchError) = await CliRunner.RunAsync("index", "switch", "--gateway", gateway);
        Assert.NotEqual(0, switched);
        Assert.Contains("No re-index is held", switchError, StringComparison.Ordinal);
    }

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];

    private static async Task PutAsync(HttpClient gateway, string id, string content)
    {
        using var response = await gateway.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static Task<JsonElement> WaitSearchableAsync(HttpClient gateway, string id) =>
        Eventually.ValueAsync(
            async () => await gateway.GetFromJsonAsync<JsonElement>($"/api/documents/{id}") is var status
                && status.GetProperty("state").GetString() == "indexed"
                && status.GetProperty("searchable").GetBoolean() ? status : (JsonElement?)null,
            $"{id} to be searchable",
            Timeout);

    private static async Task<JsonElement> IndexStateAsync(HttpClient gateway) => await gateway.GetFromJsonAsync<JsonElement>("/api/index");
}
