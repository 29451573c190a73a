using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Gateway.Tests.Identity;
using Ingestion.Index;

namespace Ingestion.Gateway.Tests.Experiments;

/// <summary>
/// An A/B experiment driven by a scripted user: forty callers search three topics and give a thumb up to the document
/// that answers when it is among the first three shown. Configuration A (the gateway's defaults here: the dense leg
/// alone, which cannot tell these documents apart) shows it last; B (BM25 alone) first. Split by caller or
/// interleaved, the report must find B better with intervals that do not overlap.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class ExperimentTests(LocalRedis redis)
{
    private const string Admin = "experiments-admin-key-0123456789";
    private static readonly string[] Topics = ["puffin", "gannet", "skua"];
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AScriptedUsersFeedbackMakesTheBetterConfigurationWin(bool interleave)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var data = Path.Combine(Path.GetTempPath(), "ingestion-experiment-tests", unique);
        var settings = LocalIssuer.Settings();
        settings["Gateway:Keys:0:Name"] = "operator";
        settings["Gateway:Keys:0:Key"] = Admin;
        settings["Gateway:Keys:0:Scopes:0"] = "admin";
        settings["Gateway:RateLimit:PermitsPerWindow"] = "100000";
        settings["Gateway:Judgments:Path"] = Path.Combine(data, "judgments.db");
        settings["Gateway:Fusion:Bm25Weight"] = "0";
        settings["Gateway:Experiments:Active:0:Name"] = "bm25-alone";
        settings["Gateway:Experiments:Active:0:Share"] = "0.5";
        settings["Gateway:Experiments:Active:0:Interleave"] = interleave ? "true" : "false";
        settings["Gateway:Experiments:Active:0:B:Bm25Weight"] = "1";
        settings["Gateway:Experiments:Active:0:B:DenseWeight"] = "0";
        try
        {
            using var gateway = new GatewayHost(redis, settings);
            // Per topic, seven documents that do not answer and one that does, whose id sorts last.
            await IndexFiller.WriteAsync(gateway.DataPath, [.. Topics.SelectMany(t => "abcdefg".Select(c => IndexFiller.Document($"{unique}-{t}-{c}", 1, "Notes on seabirds of the north.") with { Readers = [ReaderTerms.Public] })
                .Append(IndexFiller.Document($"{unique}-{t}-z", 1, $"{t}{unique} nest on cliffs.") with { Readers = [ReaderTerms.Public] }))]);
            using var client = gateway.CreateClient();

            for (var user = 0; user < 40; user++)
            {
                var token = LocalIssuer.Mint($"u{user}");
                foreach (var topic in Topics)
                {
                    using var search = new HttpRequestMessage(HttpMethod.Get, $"/api/search?q={topic}{unique}&group=document&perDocument=1&k=3");
                    search.Headers.Authorization = new("Bearer", token);
                    using var page = await client.SendAsync(search);
                    Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                    var shown = (await page.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()).ToList();
                    Assert.Equal(3, shown.Count);
                    if (shown.Contains($"{unique}-{topic}-z"))
                    {
                        using var feedback = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = JsonContent.Create(new { query = $"{topic}{unique}", documentId = $"{unique}-{topic}-z", helpful = true }) };
                        feedback.Headers.Authorization = new("Bearer", token);
                        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(feedback)).StatusCode);
                    }
                }
            }

            using var read = new HttpRequestMessage(HttpMethod.Get, "/api/experiments/bm25-alone");
            read.Headers.Add("X-Api-Key", Admin);
            using var answer = await client.SendAsync(read);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var report = await answer.Content.ReadFromJsonAsync<JsonElement>();
            var arms = report.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("arm").GetString()!);
            Assert.Equal(interleave, report.GetProperty("interleaved").GetBoolean());

            // The typed client (and so `ingest experiment`) reads the whole report.
            using var typed = Ingestion.Client.IngestionClient.Create(new Ingestion.Client.IngestionClientOptions { Endpoint = gateway.Server.BaseAddress, ApiKey = Admin }, gateway.Server.CreateHandler());
            var readBack = await typed.GetExperimentAsync("bm25-alone");
            Client.JsonCoverage.AssertCovers(report, JsonSerializer.SerializeToElement(readBack, Web));
            Assert.Null(await typed.GetExperimentAsync("never-configured"));
            if (interleave)
            {
                // Every list showed both arms' picks; B's was the one judged useful.
                Assert.Equal((120, 0), (report.GetProperty("winsB").GetInt32(), report.GetProperty("winsA").GetInt32()));
                Assert.True(report.GetProperty("winRateLow").GetDouble() > 0.5, report.ToString());
            }
            else
            {
                var (a, b) = (arms["A"], arms["B"]);
                Assert.Equal(120, a.GetProperty("lists").GetInt32() + b.GetProperty("lists").GetInt32());
                Assert.InRange(b.GetProperty("lists").GetInt32(), 30, 90); // about half the callers, each with three searches
                Assert.Equal((0.0, 1.0), (a.GetProperty("rate").GetDouble(), b.GetProperty("rate").GetDouble()));
                Assert.True(b.GetProperty("low").GetDouble() > a.GetProperty("high").GetDouble(), report.ToString());
            }
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task AnAskTakesPartInItsCallersArmAndOnlyTheDocumentsItsOwnAnswerCitesCreditItsList()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var data = Path.Combine(Path.GetTempPath(), "ingestion-experiment-tests", unique);
        await using var chat = await Ingestion.Tests.Shared.StandInChatServer.StartAsync();
        var settings = LocalIssuer.Settings();
        settings["Gateway:Keys:0:Name"] = "operator";
        settings["Gateway:Keys:0:Key"] = Admin;
        settings["Gateway:Keys:0:Scopes:0"] = "admin";
        settings["Gateway:Judgments:Path"] = Path.Combine(data, "judgments.db");
        settings["ConnectionStrings:chat"] = chat.ConnectionString;
        settings["Gateway:Experiments:Active:0:Name"] = "all-in-b";
        settings["Gateway:Experiments:Active:0:Share"] = "1";
        settings["Gateway:Experiments:Active:0:B:Bm25Weight"] = "1";
        settings["Gateway:Experiments:Active:0:B:DenseWeight"] = "0";
        try
        {
            using var gateway = new GatewayHost(redis, settings);
            await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document($"{unique}-terns", 1, $"Terns{unique} nest on shingle beaches.") with { Readers = [ReaderTerms.Public] });
            using var client = gateway.CreateClient();

            using var ask = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(new { question = $"Where do terns{unique} nest?", mode = "bm25" }) };
            ask.Headers.Authorization = new("Bearer", LocalIssuer.Mint("asker"));
            using var answered = await client.SendAsync(ask);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.NotEmpty((await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("answer").GetProperty("citationsUsed").EnumerateArray());

            // Another caller asks the same, without an answer: its list showed the same document, but nothing of its
            // own cited it, so the first answer's citation must not credit it.
            using var unanswered = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(new { question = $"Where do terns{unique} nest?", mode = "bm25", answer = false }) };
            unanswered.Headers.Authorization = new("Bearer", LocalIssuer.Mint("reader"));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(unanswered)).StatusCode);

            using var read = new HttpRequestMessage(HttpMethod.Get, "/api/experiments/all-in-b");
            read.Headers.Add("X-Api-Key", Admin);
            var report = await (await client.SendAsync(read)).Content.ReadFromJsonAsync<JsonElement>();
            var b = report.GetProperty("arms").EnumerateArray().Single(a => a.GetProperty("arm").GetString() == "B");
            Assert.Equal((2, 1), (b.GetProperty("lists").GetInt32(), b.GetProperty("successes").GetInt32()));
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
