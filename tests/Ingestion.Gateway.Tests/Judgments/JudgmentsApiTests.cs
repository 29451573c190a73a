using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Gateway.Tests.Identity;
using Ingestion.Index;

namespace Ingestion.Gateway.Tests.Judgments;

/// <summary>
/// Judgment sets kept by the gateway: imported under a name, listed, read whole and deleted by an admin; kept across a
/// restart (a SQLite file beside the index, not Redis); a bad set refused naming what is wrong; and the feedback set
/// filled by callers' judgments, each caller's later judgment replacing only its own.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class JudgmentsApiTests(LocalRedis redis)
{
    private const string Admin = "judgments-admin-key-0123456789";

    [Fact]
    public async Task AnImportedSetIsListedReadWholeKeptAcrossARestartAndDeleted()
    {
        var data = Path.Combine(Path.GetTempPath(), "ingestion-judgments-tests", Guid.NewGuid().ToString("N"));
        var settings = Settings(data);
        var set = new
        {
            queries = new[] { new { id = "q1", text = "Where do terns nest?" }, new { id = "q2", text = "What do puffins eat?" } },
            judgments = new[] { new { queryId = "q1", documentId = "terns", grade = 2 }, new { queryId = "q1", documentId = "gulls", grade = 0 }, new { queryId = "q2", documentId = "puffins", grade = 1 } },
        };
        try
        {
            using (var gateway = new GatewayHost(redis, settings))
            using (var client = Client(gateway))
            {
                using var put = await client.PutAsJsonAsync("/api/judgments/birds", set);
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
                var summary = await put.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal((2, 3, "imported"), (summary.GetProperty("queries").GetInt32(), summary.GetProperty("judgments").GetInt32(), summary.GetProperty("source").GetString()));
            }

            using (var restarted = new GatewayHost(redis, settings))
            using (var client = Client(restarted))
            {
                var listed = await client.GetFromJsonAsync<JsonElement>("/api/judgments");
                Assert.Equal(["birds"], listed.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
                var whole = await client.GetFromJsonAsync<JsonElement>("/api/judgments/birds");
                Assert.Equal(["q1|Where do terns nest?", "q2|What do puffins eat?"], whole.GetProperty("queries").EnumerateArray().Select(q => $"{q.GetProperty("id").GetString()}|{q.GetProperty("text").GetString()}"));
                Assert.Equal(["q1|gulls|0", "q1|terns|2", "q2|puffins|1"], whole.GetProperty("judgments").EnumerateArray().Select(j => $"{j.GetProperty("queryId").GetString()}|{j.GetProperty("documentId").GetString()}|{j.GetProperty("grade").GetInt32()}"));

                using var deleted = await client.DeleteAsync("/api/judgments/birds");
                Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/judgments/birds")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/judgments/birds")).StatusCode);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("feedback", """{"queries":[{"id":"q","text":"t"}],"judgments":[{"queryId":"q","documentId":"d","grade":1}]}""", "name")]
    [InlineData("no spaces", """{"queries":[{"id":"q","text":"t"}],"judgments":[{"queryId":"q","documentId":"d","grade":1}]}""", "name")]
    [InlineData("grades", """{"queries":[{"id":"q","text":"t"}],"judgments":[{"queryId":"q","documentId":"d","grade":5}]}""", "judgments")]
    [InlineData("unknown", """{"queries":[{"id":"q","text":"t"}],"judgments":[{"queryId":"other","documentId":"d","grade":1}]}""", "judgments")]
    [InlineData("twice", """{"queries":[{"id":"q","text":"t"},{"id":"q","text":"u"}],"judgments":[{"queryId":"q","documentId":"d","grade":1}]}""", "queries")]
    [InlineData("empty", """{"queries":[],"judgments":[]}""", "queries")]
    [InlineData("nullquery", """{"queries":[null],"judgments":[{"queryId":"q","documentId":"d","grade":1}]}""", "queries")]
    [InlineData("nulljudgment", """{"queries":[{"id":"q","text":"t"}],"judgments":[null]}""", "judgments")]
    public async Task ABadSetIsRefusedNamingWhatIsWrongAndNothingIsKept(string name, string body, string field)
    {
        var data = Path.Combine(Path.GetTempPath(), "ingestion-judgments-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using var gateway = new GatewayHost(redis, Settings(data));
            using var client = Client(gateway);

            using var refused = await client.PutAsync($"/api/judgments/{Uri.EscapeDataString(name)}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
            Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/judgments")).GetArrayLength());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task FeedbackIsKeptPerCallerAndTheSetGradesTheRoundedMeanOfItsJudges()
    {
        var data = Path.Combine(Path.GetTempPath(), "ingestion-judgments-tests", Guid.NewGuid().ToString("N"));
        var settings = Settings(data);
        foreach (var (key, value) in LocalIssuer.Settings())
        {
            settings[key] = value;
        }

        try
        {
            var open = IndexFiller.Document("terns", 1, "Terns nest on shingle.") with { Readers = [ReaderTerms.Public] };
            using var gateway = new GatewayHost(redis, settings);
            await IndexFiller.WriteAsync(gateway.DataPath, open);
            using var client = gateway.CreateClient();
            var (ann, bob) = (LocalIssuer.Mint("ann", []), LocalIssuer.Mint("bob", []));

            Assert.Equal(HttpStatusCode.OK, (await Feedback(client, ann, new { query = "Where do terns  NEST?", documentId = "terns", grade = 3 })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Feedback(client, ann, new { query = "where do terns nest?", documentId = "terns", helpful = false })).StatusCode); // replaces ann's 3
            Assert.Equal(HttpStatusCode.OK, (await Feedback(client, bob, new { query = "where do terns nest?", documentId = "terns", grade = 1 })).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await Feedback(client, bob, new { query = "where do terns nest?", documentId = "terns", grade = 1, helpful = true })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Feedback(client, bob, new { query = "where do terns nest?", documentId = "no-such-document", grade = 1 })).StatusCode);

            using var read = new HttpRequestMessage(HttpMethod.Get, "/api/judgments/feedback");
            read.Headers.Add("X-Api-Key", Admin);
            using var answer = await client.SendAsync(read);
            var set = await answer.Content.ReadFromJsonAsync<JsonElement>();
            var query = Assert.Single(set.GetProperty("queries").EnumerateArray());
            var judgment = Assert.Single(set.GetProperty("judgments").EnumerateArray());
            Assert.Equal(query.GetProperty("id").GetString(), judgment.GetProperty("queryId").GetString());
            Assert.Equal(("terns", 1), (judgment.GetProperty("documentId").GetString(), judgment.GetProperty("grade").GetInt32())); // ann 0, bob 1: 0.5 rounds to 1
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task OneCallerCannotFillTheFeedbackSetForEveryoneAndAFullSetTakesACallersJudgmentsOnlyOfQueriesItJudged()
    {
        var data = Path.Combine(Path.GetTempPath(), "ingestion-judgments-tests", Guid.NewGuid().ToString("N"));
        var settings = Settings(data);
        foreach (var (key, value) in LocalIssuer.Settings())
        {
            settings[key] = value;
        }

        settings["Gateway:Judgments:MaxFeedbackPerCaller"] = "2";
        settings["Gateway:Judgments:MaxQueries"] = "3";
        try
        {
            using var gateway = new GatewayHost(redis, settings);
            await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document("terns", 1, "Terns nest on shingle.") with { Readers = [ReaderTerms.Public] });
            using var client = gateway.CreateClient();
            var (greedy, ann, bob) = (LocalIssuer.Mint("greedy", []), LocalIssuer.Mint("ann", []), LocalIssuer.Mint("bob", []));

            Assert.Equal(HttpStatusCode.OK, (await Feedback(client, greedy, new { query = "terns one", documentId = "terns", grade = 1 })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Feedback(client, greedy, new { query = "terns two", documentId = "terns", grade = 1 })).StatusCode);
            using var overQuota = await Feedback(client, greedy, new { query = "terns three", documentId = "terns", grade = 1 });
            Assert.Equal(HttpStatusCode.Conflict, overQuota.StatusCode);
            Assert.Contains("MaxFeedbackPerCaller", await overQuota.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await Feedback(client, greedy, new { query = "terns two", documentId = "terns", grade = 3 })).StatusCode); // its own grade replaced

            Assert.Equal(HttpStatusCode.OK, (await Feedback(client, ann, new { query = "terns three", documentId = "terns", grade = 2 })).StatusCode);
            // The set now holds its most queries: a caller's judgment of a query it judged is still taken; any other
            // query is refused alike, held for someone else or new, so a 200 never tells that someone asked it.
            Assert.Equal(HttpStatusCode.OK, (await Feedback(client, ann, new { query = "terns three", documentId = "terns", grade = 3 })).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await Feedback(client, bob, new { query = "terns one", documentId = "terns", grade = 2 })).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await Feedback(client, bob, new { query = "terns four", documentId = "terns", grade = 2 })).StatusCode);
            using var tooLong = await Feedback(client, bob, new { query = new string('q', 1001), documentId = "terns", grade = 2 });
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static Dictionary<string, string?> Settings(string data) => new()
    {
        ["Gateway:Judgments:Path"] = Path.Combine(data, "judgments.db"),
        ["Gateway:Keys:0:Name"] = "operator",
        ["Gateway:Keys:0:Key"] = Admin,
        ["Gateway:Keys:0:Scopes:0"] = "admin",
    };

    private static HttpClient Client(GatewayHost gateway)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Admin);
        return client;
    }

    private static async Task<HttpResponseMessage> Feedback(HttpClient client, string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
