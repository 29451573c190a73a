using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

/// <summary>
/// <c>POST /api/ask</c> through the running system: a context fitted to its budget with numbered citations, and an
/// answer from an OpenAI-compatible endpoint. That endpoint is a stand-in server started by the fixture, because
/// no real chat model can run here; it cites the first and last passages it is given.
/// </summary>
[Collection(RunningSystem.Name)]
public sealed class AskTests(SystemFixture system)
{
    [Fact]
    public async Task AskIsAnsweredByAStandInOpenAiServerSinceNoRealModelRunsHereWithTheCitationsItUsed()
    {
        var (unique, contents) = await PutHarbourDocumentsAsync();
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        var before = system.Chat.Requests.Count;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask")
        {
            Content = JsonContent.Create(new { question = $"Who trimmed the lamp wicks at harbour {unique}?", budgetTokens = 1500, idPrefix = $"ask-{unique}" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ask = await response.Content.ReadFromJsonAsync<JsonElement>(SystemFixture.Json);
        var citations = ask.GetProperty("citations").EnumerateArray().ToList();
        Assert.NotEmpty(citations);
        Assert.Equal(Enumerable.Range(1, citations.Count), citations.Select(c => c.GetProperty("number").GetInt32()));
        AssertCitationsAreExactSlices(citations, contents);

        var answer = ask.GetProperty("answer");
        Assert.Equal("answered", answer.GetProperty("status").GetString());
        Assert.Equal(StandInChatServer.AnswerTo(citations.Count), answer.GetProperty("text").GetString());
        Assert.Equal(StandInChatServer.Model, answer.GetProperty("model").GetString());
        // The stand-in cites [1], [last] and a number no passage has; only real passages count as used.
        Assert.Equal(new[] { 1, citations.Count }.Distinct(), answer.GetProperty("citationsUsed").EnumerateArray().Select(n => n.GetInt32()));

        var context = ask.GetProperty("context");
        Assert.True(context.GetProperty("promptTokens").GetInt32() <= 1500);
        Assert.Equal(1500, context.GetProperty("budgetTokens").GetInt32());

        // The model was given exactly the prompt the response shows, with the key, the model name and the answer limit.
        var received = Assert.Single(system.Chat.Requests.Skip(before));
        var prompt = ask.GetProperty("prompt").EnumerateArray().Select(m => new ChatTurn(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();
        Assert.Equal(prompt, received.Messages);
        Assert.Equal($"Bearer {StandInChatServer.Key}", received.Authorization);
        Assert.Equal(StandInChatServer.Model, received.Model);
        Assert.Equal(1024, received.MaxTokens);
        Assert.Contains($"[1] ", prompt[1].Content, StringComparison.Ordinal);
        Assert.EndsWith($"Question: Who trimmed the lamp wicks at harbour {unique}?", prompt[1].Content, StringComparison.Ordinal);

        // One trace from the ask through the search to the model call.
        Assert.StartsWith($"00-{traceId}-", received.TraceParent, StringComparison.Ordinal);

        // The documents the answer cited are kept as judgments of the question, judged by the model.
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/judgments/citations");
        read.Headers.Add("X-Api-Key", SystemFixture.AdminApiKey);
        using var kept = await system.Gateway.SendAsync(read);
        var set = await kept.Content.ReadFromJsonAsync<JsonElement>(SystemFixture.Json);
        var question = Assert.Single(set.GetProperty("queries").EnumerateArray(), q => q.GetProperty("text").GetString() == $"Who trimmed the lamp wicks at harbour {unique}?");
        var cited = new[] { 1, citations.Count }.Distinct().Select(n => citations[n - 1].GetProperty("documentId").GetString()).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(cited, set.GetProperty("judgments").EnumerateArray().Where(j => j.GetProperty("queryId").GetString() == question.GetProperty("id").GetString()).Select(j => j.GetProperty("documentId").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AContextFitsItsBudgetWithOverlappingChunksJoinedAndOnlyFilteredDocuments()
    {
        var (unique, contents) = await PutHarbourDocumentsAsync();

        foreach (var budget in new[] { 200, 400, 900 })
        {
            var ask = await AskAsync(new { question = $"harbour {unique} ships lighthouse keeper", budgetTokens = budget, k = 40, idPrefix = $"ask-{unique}", answer = false });

            var context = ask.GetProperty("context");
            Assert.True(context.GetProperty("promptTokens").GetInt32() <= budget, $"{context.GetProperty("promptTokens")} tokens for a budget of {budget}");
            var citations = ask.GetProperty("citations").EnumerateArray().ToList();
            Assert.NotEmpty(citations);
            AssertCitationsAreExactSlices(citations, contents);
            foreach (var group in citations.GroupBy(c => c.GetProperty("documentId").GetString()))
            {
                var ranges = group.Select(c => (Start: c.GetProperty("startOffset").GetInt32(), End: c.GetProperty("endOffset").GetInt32())).OrderBy(r => r.Start).ToList();
                Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start, $"passages of {group.Key} overlap: {pair.First} and {pair.Second}"));
            }

            Assert.Equal("notRequested", ask.GetProperty("answer").GetProperty("status").GetString());
        }

        var small = await AskAsync(new { question = $"harbour {unique} ships lighthouse keeper", budgetTokens = 200, k = 40, idPrefix = $"ask-{unique}", answer = false });
        Assert.True(small.GetProperty("context").GetProperty("leftOut").GetInt32() > 0, "a small budget leaves passages out");
    }

    [Fact]
    public async Task AskingForTheContextOnlyDoesNotCallTheModel()
    {
        var (unique, _) = await PutHarbourDocumentsAsync();
        var before = system.Chat.Requests.Count;

        var ask = await AskAsync(new { question = $"lamp wicks {unique}", answer = false });

        Assert.Equal(before, system.Chat.Requests.Count);
        var answer = ask.GetProperty("answer");
        Assert.Equal("notRequested", answer.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("text").ValueKind);
        Assert.NotEmpty(ask.GetProperty("citations").EnumerateArray());
    }

    [Fact]
    public async Task AFailingChatEndpointGivesA502ProblemAfterItsRetriesAndTheNextAskIsAnswered()
    {
        var before = system.Chat.Requests.Count;

        using var failed = await system.Gateway.PostAsJsonAsync("/api/ask", new { question = $"{StandInChatServer.FailMarker} please" });

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        var problem = await failed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The chat model failed", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("ConnectionStrings__chat", detail, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", detail, StringComparison.Ordinal);
        // The provider's own words (which can name its endpoint or a masked key) stay in the gateway's log.
        Assert.DoesNotContain("told to fail", detail, StringComparison.Ordinal);
        Assert.Equal(3, system.Chat.Requests.Count - before); // the call and Gateway:Ask:ChatRetries (2) retries

        var next = await AskAsync(new { question = "anything at all" });
        Assert.Equal("answered", next.GetProperty("answer").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"budgetTokens": 500}""", "question")]
    [InlineData("""{"question": "   "}""", "question")]
    [InlineData("""{"question": "why", "budgetTokens": 0}""", "budgetTokens")]
    [InlineData("""{"question": "why", "budgetTokens": 32001}""", "budgetTokens")]
    [InlineData("""{"question": "why", "budgetTokens": 60}""", "budgetTokens")]
    [InlineData("""{"question": "why", "k": 0}""", "k")]
    [InlineData("""{"question": "why", "k": 201}""", "k")]
    [InlineData("""{"question": "why", "mode": "psychic"}""", "mode")]
    [InlineData("""{"question": "why", "updatedAfter": "last tuesday"}""", "updatedAfter")]
    [InlineData("""{"question": "why", "tags": [""]}""", "tags")]
    public async Task AnAskOutsideTheLimitsGetsAProblemNamingTheField(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await system.Gateway.PostAsync("/api/ask", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} is named in {problem}");
    }

    [Fact]
    public async Task AQuestionLongerThanTheLimitIsRefused()
    {
        using var response = await system.Gateway.PostAsJsonAsync("/api/ask", new { question = new string('q', 1001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Gateway:MaxQueryLength", problem.GetProperty("errors").GetProperty("question")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsksAreRateLimitedPerClientApartFromSearches()
    {
        var client = $"asker-{Guid.NewGuid():N}";
        var responses = new System.Collections.Concurrent.ConcurrentBag<HttpResponseMessage>();
        await Parallel.ForAsync(0, SystemFixture.AsksPerSecond * 3, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(new { question = "limits", k = 1, answer = false }) };
            request.Headers.Add(SystemFixture.ClientIdHeader, client);
            responses.Add(await system.Gateway.SendAsync(request, cancellationToken));
        });

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.True(refused[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 says when to retry");
        var problem = await refused[0].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Gateway:Ask:RateLimit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The same client's searches are counted on their own.
        using var search = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=limits&mode=bm25&k=1");
        search.Headers.Add(SystemFixture.ClientIdHeader, client);
        using var searched = await system.Gateway.SendAsync(search);
        Assert.Equal(HttpStatusCode.OK, searched.StatusCode);

        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private async Task<JsonElement> AskAsync(object body)
    {
        using var response = await system.Gateway.PostAsJsonAsync("/api/ask", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A long document of many chunks and a short one, both naming a word of their own, indexed and searchable.</summary>
    private async Task<(string Unique, Dictionary<string, string> Contents)> PutHarbourDocumentsAsync()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var paragraphs = Enumerable.Range(1, 30).Select(i => $"Paragraph {i}: at harbour {unique} the ships of season {i} call at pier {i % 4}, and the lighthouse keeper logs them.").ToList();
        paragraphs[11] = $"Paragraph 12: the lighthouse keeper of harbour {unique} trimmed the lamp wicks each evening before the ships came in.";
        var contents = new Dictionary<string, string>
        {
            [$"ask-{unique}-log"] = string.Join("\n\n", paragraphs),
            [$"ask-{unique}-note"] = $"A note from harbour {unique}: the keeper's daughter trimmed the lamp wicks when he was ill.",
        };
        foreach (var (id, content) in contents)
        {
            var accepted = await system.PutAsync(id, new { contentType = "text/plain", content, title = $"Harbour {unique}" });
            await system.WaitForStateAsync(id, "indexed", accepted.GetProperty("version").GetInt64());
        }

        await system.WaitForSearchAsync($"harbour {unique}", "bm25", h => contents.Keys.All(id => h.Any(x => x.GetProperty("documentId").GetString() == id)), "both documents searchable", k: 50);
        return (unique, contents);
    }

    private static void AssertCitationsAreExactSlices(List<JsonElement> citations, Dictionary<string, string> contents)
    {
        foreach (var citation in citations)
        {
            var content = contents[citation.GetProperty("documentId").GetString()!];
            var start = citation.GetProperty("startOffset").GetInt32();
            var end = citation.GetProperty("endOffset").GetInt32();
            Assert.Equal(content[start..end], citation.GetProperty("text").GetString());
        }
    }
}
