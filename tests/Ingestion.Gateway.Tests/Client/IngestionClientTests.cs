using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Client;
using Ingestion.Client.AI;
using Ingestion.Client.Model;
using Ingestion.Gateway.Tests.Identity;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Gateway.Tests.Client;

/// <summary>
/// <see cref="IngestionClient"/> against a gateway in this process: every answer reads into the client's types whole
/// (the one definition of the wire types must not drop what the gateway says), refusals carry the ProblemDetails, a
/// 429 is waited out, grouped searches page to the end, a token provider is asked per request, the corpus works as
/// AI functions as the client's caller, and <c>AddIngestionClient</c> wires it from a connection string.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class IngestionClientTests(LocalRedis redis)
{
    private static readonly string[] Birds = ["auk", "gannet", "petrel", "puffin", "tern"];
    private static readonly string[] StatusIds = ["budget", "bird-0", "nothing"];

    [Fact]
    public async Task EveryAnswerOfTheGatewayReadsIntoTheClientsTypesWithNothingLeftOut()
    {
        using var gateway = await GatewayWithCorpusAsync();
        var token = LocalIssuer.Mint("ann", ["finance"]);
        using var raw = gateway.CreateClient();
        raw.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        await Covers<SearchResponse>(raw.PostAsJsonAsync("/api/search", new { q = "seabird colony", mode = "hybrid" }));
        await Covers<SearchResponse>(raw.PostAsJsonAsync("/api/search", new { q = "seabird", mode = "bm25", group = "document", perDocument = 2, k = 2 }));
        await Covers<AskResponse>(raw.PostAsJsonAsync("/api/ask", new { question = "Where do seabirds nest?", answer = false }));
        await Covers<DocumentStatus>(raw.GetAsync("/api/documents/budget"));
        await Covers<DocumentStatuses>(raw.PostAsJsonAsync("/api/documents/status", new { ids = StatusIds }));
        await Covers<DocumentText>(raw.GetAsync("/api/documents/bird-0/text?from=3"));
        await Covers<IndexState>(raw.GetAsync("/api/index"));
    }

    [Fact]
    public async Task ARefusalIsAProblemExceptionWithTheGatewaysReasonsAndWhatTheCallerMayNotReadIsAbsent()
    {
        using var gateway = await GatewayWithCorpusAsync();
        var stranger = ClientOf(gateway, LocalIssuer.Mint("bob"));
        var nobody = IngestionClient.Create(new IngestionClientOptions { Endpoint = gateway.Server.BaseAddress }, gateway.Server.CreateHandler());

        var invalid = await Assert.ThrowsAsync<IngestionProblemException>(() => stranger.SearchAsync(new SearchRequest("seabird") { K = 0 }));
        var unauthenticated = await Assert.ThrowsAsync<IngestionProblemException>(() => nobody.SearchAsync(new SearchRequest("seabird")));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("k", invalid.Problem!.Errors!.Keys);
        Assert.Contains("k must be between 1 and", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Null(await stranger.GetStatusAsync("budget"));
        Assert.Null(await stranger.ReadDocumentAsync("budget"));
        Assert.DoesNotContain((await stranger.SearchAsync(new SearchRequest("budget") { Mode = SearchMode.Bm25 })).Hits, h => h.DocumentId == "budget");
    }

    [Fact]
    public async Task ARateLimitedRequestIsSentAgainAfterItsRetryAfterAndRefusedWhenTheClientMayNotWait()
    {
        var settings = LocalIssuer.Settings();
        settings["Gateway:RateLimit:PermitsPerWindow"] = "1";
        settings["Gateway:RateLimit:Window"] = "00:00:01";
        using var gateway = new GatewayHost(redis, settings);
        var token = LocalIssuer.Mint("ann");
        var patient = ClientOf(gateway, token);
        var impatient = IngestionClient.Create(new IngestionClientOptions { Endpoint = gateway.Server.BaseAddress, TokenProvider = _ => ValueTask.FromResult<string?>(token), RateLimitRetries = 0 }, gateway.Server.CreateHandler());

        for (var i = 0; i < 3; i++)
        {
            await patient.SearchAsync(new SearchRequest($"tern {i}") { Mode = SearchMode.Bm25 });
        }

        await patient.SearchAsync(new SearchRequest("tern") { Mode = SearchMode.Bm25 });
        var refused = await Assert.ThrowsAsync<IngestionProblemException>(() => impatient.SearchAsync(new SearchRequest("tern again") { Mode = SearchMode.Bm25 }));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task ARetryAfterGivenAsADateBeyondWhatTheClientMayWaitIsRefusedAtOnce()
    {
        // A proxy in front of the gateway may say when as a date; an hour is more than MaxRetryAfter (30 s).
        var proxy = new DateLimitedProxy(DateTimeOffset.UtcNow.AddHours(1));
        var client = IngestionClient.Create(new IngestionClientOptions { Endpoint = new Uri("http://gateway.invalid/") }, proxy);

        var refused = await Assert.ThrowsAsync<IngestionProblemException>(() => client.SearchAsync(new SearchRequest("tern") { Mode = SearchMode.Bm25 }));

        Assert.Equal((HttpStatusCode.TooManyRequests, 1), (refused.StatusCode, proxy.Requests));
    }

    /// <summary>Answers every request 429 with a <c>Retry-After</c> date, as some proxies do.</summary>
    private sealed class DateLimitedProxy(DateTimeOffset retryAt) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("""{"title":"Too many requests","status":429}""", System.Text.Encoding.UTF8, "application/problem+json") };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAt);
            return Task.FromResult(response);
        }
    }

    [Fact]
    public async Task AGroupedSearchPagesThroughEveryMatchingDocumentInRankOrder()
    {
        using var gateway = await GatewayWithCorpusAsync();
        var client = ClientOf(gateway, LocalIssuer.Mint("ann"));

        var paged = new List<string>();
        await foreach (var group in client.SearchDocumentsAsync(new SearchRequest("seabird") { Mode = SearchMode.Bm25, K = 2 }, perDocument: 1))
        {
            paged.Add(group.DocumentId);
        }

        var whole = (await client.SearchAsync(new SearchRequest("seabird") { Mode = SearchMode.Bm25, K = 50 })).Hits.Select(h => h.DocumentId).Distinct();
        Assert.Equal(Birds.Length, paged.Count);
        Assert.Equal(whole, paged);
    }

    [Fact]
    public async Task TheTokenProviderIsAskedForEveryRequest()
    {
        using var gateway = await GatewayWithCorpusAsync();
        var asked = 0;
        var client = IngestionClient.Create(
            new IngestionClientOptions { Endpoint = gateway.Server.BaseAddress, TokenProvider = _ => ValueTask.FromResult<string?>(LocalIssuer.Mint($"user-{Interlocked.Increment(ref asked)}")) },
            gateway.Server.CreateHandler());

        await client.GetIndexAsync();
        await client.SearchAsync(new SearchRequest("seabird"));

        Assert.Equal(2, asked);
    }

    [Fact]
    public async Task AsAIFunctionsTheCorpusAnswersAModelAsTheClientsCallerOnly()
    {
        using var gateway = await GatewayWithCorpusAsync();
        var tools = ClientOf(gateway, LocalIssuer.Mint("bob")).AsAIFunctions();
        var search = tools.Single(t => t.Name == "search");
        var context = tools.Single(t => t.Name == "get_context");

        var found = JsonSerializer.SerializeToElement(await search.InvokeAsync(new AIFunctionArguments { ["query"] = "budget seabird", ["k"] = 20 }));
        var passages = JsonSerializer.SerializeToElement(await context.InvokeAsync(new AIFunctionArguments { ["question"] = "What is the budget?" }));

        Assert.NotEmpty(found.EnumerateArray());
        Assert.All(found.EnumerateArray(), p => Assert.NotEqual("budget", p.GetProperty("documentId").GetString()));
        Assert.All(passages.EnumerateArray(), p => Assert.NotEqual("budget", p.GetProperty("documentId").GetString()));
        Assert.Contains("number", passages[0].GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AddIngestionClientTakesTheGatewayAndKeyFromTheConnectionStringWithAHealthCheck()
    {
        var settings = WhoMayDoWhatTests.KeysAndTokens();
        using var gateway = new GatewayHost(redis, settings);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:ingestion"] = $"Endpoint={gateway.Server.BaseAddress};Key={WhoMayDoWhatTests.WriterKey}";
        builder.AddIngestionClient("ingestion");
        // The network is the test server's; everything above it (credential, resilience, discovery) is the integration's.
        builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => gateway.Server.CreateHandler()));
        using var app = builder.Build();

        var client = app.Services.GetRequiredService<IngestionClient>();
        var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        // The writer's key has no read scope: the 403 proves the key went with the request to this gateway.
        var forbidden = await Assert.ThrowsAsync<IngestionProblemException>(() => client.SearchAsync(new SearchRequest("seabird")));

        Assert.Equal(gateway.Server.BaseAddress, client.BaseAddress);
        Assert.Contains(health.Entries, e => e.Key == "Ingestion.Client_ingestion");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task AddIngestionClientWaitsForAnAskLongerThanAStandardAttemptTimeout()
    {
        // An ask waits for its chat model (Gateway:Ask:ChatTimeout, 100 s, with retries): the resilience handler's
        // default of 10 s an attempt cut it off while the gateway went on to answer.
        using var gateway = new GatewayHost(redis);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:ingestion"] = gateway.Server.BaseAddress.ToString();
        builder.AddIngestionClient("ingestion");
        builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new SlowNetwork(TimeSpan.FromSeconds(11)) { InnerHandler = gateway.Server.CreateHandler() }));
        using var app = builder.Build();

        var answer = await app.Services.GetRequiredService<IngestionClient>().AskAsync(new AskRequest("Where do terns nest?") { Answer = false });

        Assert.Equal("Where do terns nest?", answer.Question);
    }

    [Fact]
    public async Task AVersionConflictNamesTheVersionToBeat()
    {
        using var gateway = new GatewayHost(redis);
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document("ferry", 5, "Ferries leave every hour."));
        using var client = IngestionClient.Create(new IngestionClientOptions { Endpoint = gateway.Server.BaseAddress }, gateway.Server.CreateHandler());

        var conflict = await Assert.ThrowsAsync<IngestionProblemException>(() => client.PutDocumentAsync("ferry", new DocumentChange("text/plain", "Ferries leave at noon.", Version: 4)));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(5, conflict.Problem!.CurrentVersion);
    }

    [Fact]
    public void TextIsSentAsUtf8SoADocumentTakesTheBytesTheGatewayCounts()
    {
        // Escaped, every Cyrillic letter took six bytes: a 3 MiB document was refused against the 8 MiB limit.
        var cyrillic = string.Concat(Enumerable.Repeat("Паромы ходят каждый час. ", 1_000));
        var base64 = Convert.ToBase64String(Enumerable.Range(0, 3_000).Select(i => (byte)(i * 7)).ToArray());

        var text = JsonSerializer.SerializeToUtf8Bytes(new DocumentChange("text/plain", cyrillic), IngestionClient.Json);
        var binary = JsonSerializer.SerializeToUtf8Bytes(new DocumentChange("application/pdf", base64), IngestionClient.Json);

        Assert.InRange(text.Length, 0, System.Text.Encoding.UTF8.GetByteCount(cyrillic) + 100);
        Assert.InRange(binary.Length, 0, base64.Length + 100);
        Assert.Equal(cyrillic, JsonSerializer.Deserialize<DocumentChange>(text, IngestionClient.Json)!.Content);
    }

    [Fact]
    public async Task InAnAppWithAspiresServiceDefaultsAnAskIsSentOnceAndWaitedFor()
    {
        // ServiceDefaults give every client the standard resilience handler with its stock settings (10 s an attempt,
        // every method retried): around the client's own, it cut the ask off and sent it again, each time a new ask.
        using var gateway = new GatewayHost(redis);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:ingestion"] = gateway.Server.BaseAddress.ToString();
        builder.AddServiceDefaults();
        builder.AddIngestionClient("ingestion");
        var network = new SlowNetwork(TimeSpan.FromSeconds(11)) { InnerHandler = gateway.Server.CreateHandler() };
        builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => network));
        using var app = builder.Build();

        var answer = await app.Services.GetRequiredService<IngestionClient>().AskAsync(new AskRequest("Where do terns nest?") { Answer = false });

        Assert.Equal("Where do terns nest?", answer.Question);
        Assert.Equal(1, network.Sent);
        // HttpClient's own timeout (100 s by default) wraps every attempt and retry: the resilience handler bounds them.
        Assert.Equal(Timeout.InfiniteTimeSpan, app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IngestionClient)).Timeout);
    }

    /// <summary>A network that takes <paramref name="delay"/> to carry each request, as a gateway waiting on a slow chat model would.</summary>
    private sealed class SlowNetwork(TimeSpan delay) : DelegatingHandler
    {
        private int _sent;

        public int Sent => _sent;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            await Task.Delay(delay, cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The gateway's answer read with the client's types and written again holds every value the gateway wrote.</summary>
    private static async Task Covers<T>(Task<HttpResponseMessage> written)
    {
        using var response = await written;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
        var gatewayJson = await response.Content.ReadFromJsonAsync<JsonElement>();
        var typed = gatewayJson.Deserialize<T>(IngestionClient.Json);
        JsonCoverage.AssertCovers(gatewayJson, JsonSerializer.SerializeToElement(typed, IngestionClient.Json), typeof(T).Name);
    }

    private static IngestionClient ClientOf(GatewayHost gateway, string token) =>
        IngestionClient.Create(new IngestionClientOptions { Endpoint = gateway.Server.BaseAddress, TokenProvider = _ => ValueTask.FromResult<string?>(token) }, gateway.Server.CreateHandler());

    /// <summary>Five public seabird notes and a budget only the finance group may read.</summary>
    private async Task<GatewayHost> GatewayWithCorpusAsync()
    {
        var settings = LocalIssuer.Settings();
        settings["Gateway:RateLimit:PermitsPerWindow"] = "100000";
        var gateway = new GatewayHost(redis, settings);
        await IndexFiller.WriteAsync(
            gateway.DataPath,
            [
                .. Birds.Select((bird, i) => IndexFiller.Document($"bird-{i}", 1, $"The {bird} is a seabird of the colony.", $"Every {bird} nests on the cliffs.") with { Readers = ["public"] }),
                IndexFiller.Document("budget", 1, "The seabird survey budget is confidential.") with { Readers = ["group:finance"] },
            ]);
        return gateway;
    }
}
