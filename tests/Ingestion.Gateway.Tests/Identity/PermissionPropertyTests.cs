using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsCheck;
using Ingestion.Gateway.Tests.Mcp;
using Ingestion.Index;
using ModelContextProtocol.Client;

namespace Ingestion.Gateway.Tests.Identity;

/// <summary>
/// Document permissions as a property (#24): documents with random readers and tags, callers with random users and
/// groups (one in a thousand groups), random changes of who may read, and every way to read: ranked searches in each
/// mode with random k and filters, each repeated at once by another caller (the result cache), grouped pages followed
/// to the end and then tried by another caller, asks, statuses one and many, the index's counts, and the MCP tools
/// (search, get_context, read_document, document_status) through the SDK's client. No answer may
/// hold anything of a document its caller may not read, and every readable match must still be found.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class PermissionPropertyTests(LocalRedis redis)
{
    private static readonly string[] Words = ["puffin", "gannet", "skua", "petrel", "fulmar", "guillemot"];
    private static readonly string[] Tags = ["red", "blue"];
    private static readonly string[] ReaderPool = [ReaderTerms.Public, "user:u0", "user:u1", "user:u2", "group:g0", "group:g1", "group:g2"];
    private static readonly string[] Modes = ["bm25", "dense", "hybrid"];

    /// <summary>The callers: their user, their groups, and the bearer token that says so.</summary>
    private static readonly (string User, string[] Groups)[] Callers =
    [
        ("u0", []),
        ("u1", ["g0"]),
        ("u2", ["g1", "g2"]),
        ("u3", []),
        ("u0", ["g2"]),
        ("u9", ["g0", .. Enumerable.Range(0, 999).Select(i => $"many-{i}")]),
    ];

    [Fact]
    public async Task NoAnswerRevealsADocumentItsCallerMayNotReadAndEveryReadableMatchIsFound()
    {
        var settings = LocalIssuer.Settings();
        settings["Index:RefreshInterval"] = "00:00:00.050";
        // The samples come faster than the default limits allow one client (searches 100/s, asks 10/s).
        settings["Gateway:RateLimit:PermitsPerWindow"] = "100000";
        settings["Gateway:Ask:RateLimit:PermitsPerWindow"] = "100000";
        using var gateway = new GatewayHost(redis, settings);
        var corpus = InitialCorpus();
        await IndexFiller.WriteAsync(gateway.DataPath, [.. corpus.Values.Select(d => d.Write())]);
        using var client = gateway.CreateClient();
        var tokens = Callers.Select(c => LocalIssuer.Mint(c.User, c.Groups)).ToArray();
        // Each caller's MCP session (the SDK's client over /mcp), with the same token.
        var agents = new McpClient[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            agents[i] = await McpConnection.ConnectAsync(gateway, tokens[i]);
        }

        var operation = Gen.Select(Gen.Int[0, 7], Gen.Int[0, Callers.Length - 1], Gen.Int[0, Callers.Length - 1], Gen.Int[0, Words.Length - 1], Gen.Int[0, Modes.Length - 1], Gen.Int[1, 60], Gen.Int[0, Tags.Length]);
        await operation.SampleAsync(
            async (kind, first, second, word, mode, k, tag) =>
            {
                var check = new Checker(client, corpus, tokens, agents);
                switch (kind)
                {
                    case 0 or 1:
                        await check.RankedAsync(first, second, Words[word], Modes[mode], k, tag < Tags.Length ? Tags[tag] : null);
                        break;
                    case 2:
                        await check.GroupedAsync(first, second, Words[word], Modes[mode], tag < Tags.Length ? Tags[tag] : null);
                        break;
                    case 3:
                        await check.AskAsync(first, Words[word], Modes[mode], k);
                        break;
                    case 4:
                        await check.StatusesAsync(first, $"doc-{k % corpus.Count}");
                        break;
                    case 5:
                        await check.ToolsAsync(first, Words[word], Modes[mode], k, tag < Tags.Length ? Tags[tag] : null, $"doc-{k % corpus.Count}");
                        break;
                    case 6:
                        // Who may read a document on a later page changes after the first page was answered.
                        await check.GroupedAsync(first, second, Words[word], Modes[mode], tag < Tags.Length ? Tags[tag] : null, (id, readers) => ChangeReadersAsync(gateway, client, corpus, tokens, id, readers));
                        break;
                    default:
                        await ChangeReadersAsync(gateway, client, corpus, tokens, $"doc-{k % corpus.Count}", OtherReaders(word, mode));
                        break;
                }
            },
            iter: 100,
            threads: 1);
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    private static string[] OtherReaders(int a, int b) => [.. new[] { ReaderPool[a % ReaderPool.Length], ReaderPool[(a + b + 1) % ReaderPool.Length] }.Distinct()];

    /// <summary>A new version of a document with other readers and the same content, then waits until the gateway reads it.</summary>
    private static async Task ChangeReadersAsync(GatewayHost gateway, HttpClient client, Dictionary<string, Doc> corpus, string[] tokens, string id, string[] readers)
    {
        var old = corpus[id];
        var changed = old with { Version = old.Version + 1, Readers = readers };
        await IndexFiller.WriteAsync(gateway.DataPath, changed.Write());
        corpus[id] = changed;
        var reader = Array.FindIndex(Callers, c => Readable(c, readers));
        await Eventually.TrueAsync(
            async () =>
            {
                using var status = await Send(client, HttpMethod.Get, $"/api/documents/{id}", tokens[reader]);
                return status.StatusCode == HttpStatusCode.OK && (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64() == changed.Version;
            },
            $"the gateway to read version {changed.Version} of {id}",
            TimeSpan.FromSeconds(30));
    }

    private static Dictionary<string, Doc> InitialCorpus()
    {
        var random = new Random(24);
        var corpus = new Dictionary<string, Doc>(StringComparer.Ordinal);
        for (var i = 0; i < 12; i++)
        {
            var chunks = Enumerable.Range(0, random.Next(1, 4)).Select(_ => string.Join(' ', Enumerable.Range(0, 3).Select(_ => Words[random.Next(Words.Length)]))).ToArray();
            var readers = ReaderPool.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToArray();
            corpus[$"doc-{i}"] = new Doc($"doc-{i}", 1, chunks, readers, [Tags[random.Next(Tags.Length)]]);
        }

        return corpus;
    }

    private static bool Readable((string User, string[] Groups) caller, IReadOnlyList<string> readers) =>
        readers.Any(r => r == ReaderTerms.Public || r == ReaderTerms.User(caller.User) || caller.Groups.Any(g => r == ReaderTerms.Group(g)));

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    /// <summary>A document of the corpus as the test knows it.</summary>
    private sealed record Doc(string Id, long Version, string[] Chunks, string[] Readers, string[] DocTags)
    {
        public ReplaceDocument Write() => IndexFiller.Document(Id, Version, Chunks) with { Readers = Readers, Tags = DocTags };
    }

    /// <summary>Each way of reading, and what the corpus says its caller must and must not see.</summary>
    private sealed class Checker(HttpClient client, Dictionary<string, Doc> corpus, string[] tokens, McpClient[] agents)
    {
        /// <summary>The MCP tools, each as its HTTP endpoint is checked: search, get_context, read_document and document_status.</summary>
        public async Task ToolsAsync(int caller, string word, string mode, int k, string? tag, string id)
        {
            var search = (await agents[caller].CallToolAsync("search", new Dictionary<string, object?> { ["query"] = word, ["mode"] = mode, ["k"] = k, ["tags"] = tag is null ? null : new[] { tag } })).Answer();
            var hits = search.GetProperty("hits").EnumerateArray().Select(h => (Doc: h.GetProperty("documentId").GetString()!, Text: h.GetProperty("text").GetString()!)).ToList();
            var expected = Matching(caller, word, mode, tag);
            AllReadable(caller, hits.Select(h => h.Doc), "MCP search");
            Assert.True(hits.Count == Math.Min(k, expected.Count), $"MCP search {word} {mode} for caller {caller}: {hits.Count} hits where {expected.Count} readable chunks match (k {k})");
            if (k >= expected.Count)
            {
                Assert.Equal(expected.Order(StringComparer.Ordinal), hits.Select(h => $"{h.Doc}|{h.Text}").Order(StringComparer.Ordinal));
            }

            var context = (await agents[caller].CallToolAsync("get_context", new Dictionary<string, object?> { ["question"] = $"Where does the {word} nest?", ["mode"] = mode })).Answer();
            AllReadable(caller, context.GetProperty("passages").EnumerateArray().Select(p => p.GetProperty("documentId").GetString()!), "MCP get_context");

            var read = await agents[caller].CallToolAsync("read_document", new Dictionary<string, object?> { ["documentId"] = id });
            if (Readable(Callers[caller], corpus[id].Readers))
            {
                Assert.StartsWith(corpus[id].Chunks[0], read.Answer().GetProperty("text").GetString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.True(read.IsError, $"MCP read_document gave {id} (readers {string.Join(", ", corpus[id].Readers)}) to caller {caller}");
                Assert.DoesNotContain(corpus[id].Chunks[0], read.ErrorText(), StringComparison.Ordinal);
            }

            var statuses = (await agents[caller].CallToolAsync("document_status", new Dictionary<string, object?> { ["documentIds"] = corpus.Keys.ToArray() })).Answer();
            var known = statuses.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("documentId").GetString()!);
            Assert.Equal(corpus.Values.Where(d => Readable(Callers[caller], d.Readers)).Select(d => d.Id).Order(StringComparer.Ordinal), known.Order(StringComparer.Ordinal));
        }

        public async Task RankedAsync(int first, int second, string word, string mode, int k, string? tag)
        {
            var path = $"/api/search?q={word}&mode={mode}&k={k}" + (tag is null ? string.Empty : $"&tags={tag}");
            // The same request by two callers, one right after the other: the second must not get the first's answer.
            foreach (var caller in new[] { first, second })
            {
                using var response = await Send(client, HttpMethod.Get, path, tokens[caller]);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var hits = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits").EnumerateArray().Select(h => (Doc: h.GetProperty("documentId").GetString()!, Text: h.GetProperty("text").GetString()!)).ToList();
                var expected = Matching(caller, word, mode, tag);
                AllReadable(caller, hits.Select(h => h.Doc), path);
                Assert.True(hits.Count == Math.Min(k, expected.Count), $"{path} for caller {caller}: {hits.Count} hits where {expected.Count} readable chunks match (k {k})");
                if (k >= expected.Count)
                {
                    Assert.Equal(expected.Order(StringComparer.Ordinal), hits.Select(h => $"{h.Doc}|{h.Text}").Order(StringComparer.Ordinal));
                }
            }
        }

        /// <summary>
        /// A grouped search followed to its last page. With <paramref name="changeReaders"/>, after the first page one
        /// matching document still to come is given readers the caller is not among: the later pages must leave it out.
        /// </summary>
        public async Task GroupedAsync(int caller, int other, string word, string mode, string? tag, Func<string, string[], Task>? changeReaders = null)
        {
            var path = $"/api/search?q={word}&mode={mode}&group=document&perDocument=1&k=2" + (tag is null ? string.Empty : $"&tags={tag}");
            var seen = new List<string>();
            string? cursor = null;
            do
            {
                using var response = await Send(client, HttpMethod.Get, cursor is null ? path : $"/api/search?cursor={Uri.EscapeDataString(cursor)}&k=2", tokens[caller]);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await response.Content.ReadFromJsonAsync<JsonElement>();
                seen.AddRange(page.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()!));
                cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
                if (cursor is not null && Differ(caller, other))
                {
                    // A cursor is its caller's: to another it is as unknown as an expired one.
                    using var stolen = await Send(client, HttpMethod.Get, $"/api/search?cursor={Uri.EscapeDataString(cursor)}&k=2", tokens[other]);
                    Assert.Equal(HttpStatusCode.Gone, stolen.StatusCode);
                }

                if (cursor is not null && changeReaders is not null
                    && Matching(caller, word, mode, tag).Select(m => m.Split('|')[0]).Except(seen, StringComparer.Ordinal).Order(StringComparer.Ordinal).FirstOrDefault() is { } later)
                {
                    await changeReaders(later, [ReaderPool.First(r => !Readable(Callers[caller], [r]))]);
                    changeReaders = null;
                }
            }
            while (cursor is not null);

            AllReadable(caller, seen, path);
            var expected = Matching(caller, word, mode, tag).Select(m => m.Split('|')[0]).Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(expected, seen.Order(StringComparer.Ordinal));
        }

        public async Task AskAsync(int caller, string word, string mode, int k)
        {
            using var response = await Send(client, HttpMethod.Post, "/api/ask", tokens[caller], new { question = $"Where does the {word} nest?", mode, k = Math.Min(k, 50), answer = false });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            AllReadable(caller, answer.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("documentId").GetString()!), "ask");
            var prompt = string.Join('\n', answer.GetProperty("prompt").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
            Assert.All(corpus.Values.Where(d => !Readable(Callers[caller], d.Readers)), d => Assert.DoesNotContain($"({d.Id},", prompt, StringComparison.Ordinal));
        }

        public async Task StatusesAsync(int caller, string id)
        {
            using var one = await Send(client, HttpMethod.Get, $"/api/documents/{id}", tokens[caller]);
            Assert.Equal(Readable(Callers[caller], corpus[id].Readers) ? HttpStatusCode.OK : HttpStatusCode.NotFound, one.StatusCode);

            using var many = await Send(client, HttpMethod.Post, "/api/documents/status", tokens[caller], new { ids = corpus.Keys.ToArray() });
            var known = (await many.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("documentId").GetString()!);
            Assert.Equal(corpus.Values.Where(d => Readable(Callers[caller], d.Readers)).Select(d => d.Id).Order(StringComparer.Ordinal), known.Order(StringComparer.Ordinal));

            // Feedback on a document tells of its existence as a status does: only its readers may give it.
            using var feedback = await Send(client, HttpMethod.Post, "/api/feedback", tokens[caller], new { query = "which documents exist", documentId = id, helpful = true });
            Assert.Equal(Readable(Callers[caller], corpus[id].Readers) ? HttpStatusCode.OK : HttpStatusCode.NotFound, feedback.StatusCode);

            using var index = await Send(client, HttpMethod.Get, "/api/index", tokens[caller]);
            var current = (await index.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current");
            Assert.True(!current.TryGetProperty("documents", out var count) || count.ValueKind == JsonValueKind.Null, $"the index's documents were counted to caller {caller}: {current}");
        }

        /// <summary>The readable chunks (<c>document|text</c>) that <paramref name="mode"/> finds for <paramref name="word"/>: every one, for the dense legs.</summary>
        private List<string> Matching(int caller, string word, string mode, string? tag) =>
        [
            .. corpus.Values
                .Where(d => Readable(Callers[caller], d.Readers) && (tag is null || d.DocTags.Contains(tag)))
                .SelectMany(d => d.Chunks.Where(c => mode != "bm25" || c.Split(' ').Contains(word)).Select(c => $"{d.Id}|{c}")),
        ];

        private void AllReadable(int caller, IEnumerable<string> documents, string what)
        {
            foreach (var document in documents)
            {
                Assert.True(Readable(Callers[caller], corpus[document].Readers), $"{what} showed {document} (readers {string.Join(", ", corpus[document].Readers)}) to caller {caller}");
            }
        }

        private static bool Differ(int a, int b) => Callers[a].User != Callers[b].User || !Callers[a].Groups.SequenceEqual(Callers[b].Groups);
    }
}
