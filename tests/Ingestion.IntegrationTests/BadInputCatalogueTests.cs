using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Every kind of bad input a user can send, each between two good documents: each gets a clear error
/// (ProblemDetails at the gateway, or a failed status with its reason), and every good document around
/// them is still indexed.
/// </summary>
[Collection(RunningSystem.Name)]
public sealed class BadInputCatalogueTests(SystemFixture system)
{
    [Fact]
    public async Task EachBadInputGetsAClearErrorAndTheDocumentsAroundItAreIndexed()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var invalidUtf8 = Path.Combine(system.SourceRoot, $"latin1-{run}.txt");
        await File.WriteAllBytesAsync(invalidUtf8, [0x43, 0x61, 0x66, 0xE9, 0x20, 0xFF, 0xFE, 0x20, 0x6F, 0x6B]);

        // (name, request body as raw JSON or an object, what must be said about it)
        var refusedAtTheGateway = new (string Name, HttpContent Body, HttpStatusCode Status, string Says)[]
        {
            ("malformed JSON", Raw("{\"contentType\": \"text/plain\", \"content\": "), HttpStatusCode.BadRequest, "JSON"),
            ("missing contentType", Json(new { content = "text without a type" }), HttpStatusCode.BadRequest, "contentType is required"),
            ("missing content", Json(new { contentType = "text/plain" }), HttpStatusCode.BadRequest, "either content or contentUri"),
            ("over-long content type", Json(new { contentType = "text/plain; x=" + new string('a', 40_000), content = "text" }), HttpStatusCode.BadRequest, "contentType must be at most 256 characters"),
            ("unsupported type", Json(new { contentType = "application/x-msdownload", content = "MZ" }), HttpStatusCode.BadRequest, "is not supported"),
            ("huge body", Json(new { contentType = "text/plain", content = new string('a', 9 * 1024 * 1024) }), HttpStatusCode.RequestEntityTooLarge, "Gateway:MaxDocumentBytes"),
            ("path traversal", Json(new { contentType = "text/plain", contentUri = $"file://{system.SourceRoot}/../../etc/passwd" }), HttpStatusCode.BadRequest, "not under the configured root"),
            ("disallowed host", Json(new { contentType = "text/html", contentUri = "http://169.254.169.254/latest/meta-data" }), HttpStatusCode.BadRequest, "not in Sources:AllowedHosts"),
        };
        var failedByTheWorker = new (string Name, object Body, string Says)[]
        {
            ("binary declared as text", new { contentType = "text/plain", content = "\u0000\u0001\u0002\u0003binary\u0000" }, "looks binary"),
            ("invalid UTF-8", new { contentType = "text/plain", contentUri = new Uri(invalidUtf8).ToString() }, "not valid UTF-8"),
            ("corrupt PDF", new { contentType = "application/pdf", content = Convert.ToBase64String("%PDF-1.7\n1 0 obj <<"u8.ToArray()) }, "not a readable PDF"),
            ("PDF not base64", new { contentType = "application/pdf", content = "%PDF-1.7 raw" }, "base64"),
            ("corrupt DOCX", new { contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", content = Convert.ToBase64String("PK\u0003\u0004 truncated"u8.ToArray()) }, "not a readable DOCX"),
            ("corrupt PPTX", new { contentType = "application/vnd.openxmlformats-officedocument.presentationml.presentation", content = Convert.ToBase64String("PK\u0003\u0004 truncated"u8.ToArray()) }, "not a readable PPTX"),
            ("corrupt XLSX", new { contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content = Convert.ToBase64String("PK\u0003\u0004 truncated"u8.ToArray()) }, "not a readable XLSX"),
            ("not an e-mail", new { contentType = "message/rfc822", content = "no headers, just words" }, "not a readable e-mail"),
            ("encrypted XLSX", new { contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content = Convert.ToBase64String([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]]) }, "is encrypted"),
            ("an image that is not one", new { contentType = "image/png", content = Convert.ToBase64String("/etc/hostname\n"u8.ToArray()) }, "not a PNG, JPEG or TIFF image"),
            ("CSV of too many cells", new { contentType = "text/csv", content = string.Concat(Enumerable.Repeat("a,b,c,d,e,f,g,h,i,j\n", 100_001)) }, "non-empty cells"),
            ("pathological nesting", new { contentType = "text/html", content = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "x</body></html>" }, "nests elements 100000 deep"),
            ("no text at all", new { contentType = "text/html", content = "<html><body><script>only()</script></body></html>" }, "no text to index"),
            // Cut into chunks of Chunking:MaxChars (2,048): 1,465 of them, more than this system's MaxChunksPerDocument.
            ("a 3 MB word", new { contentType = "text/plain", content = new string('x', 3_000_000) }, "Worker:MaxChunksPerDocument"),
            ("too many chunks", new { contentType = "text/plain", content = string.Join("\n\n", Enumerable.Range(0, SystemFixture.MaxChunksPerDocument * 8).Select(i => $"Paragraph {i} is long enough to fill a good part of a chunk on its own, with plenty of ordinary words in it.")) }, "Worker:MaxChunksPerDocument"),
        };

        var good = new List<(string Id, long Version)>();
        async Task PutGoodAsync()
        {
            var id = $"good-{run}-{good.Count}";
            var accepted = await system.PutAsync(id, new { contentType = "text/plain", content = $"Good document number {good.Count} of run {run}." });
            good.Add((id, accepted.GetProperty("version").GetInt64()));
        }

        await PutGoodAsync();
        foreach (var (name, body, status, says) in refusedAtTheGateway)
        {
            // Expect: 100-continue, as a client sending a large body should: a body over the limit is refused before it is
            // sent, instead of the server closing the connection while the client is still writing it.
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/documents/bad-{run}-{good.Count}") { Content = body };
            request.Headers.ExpectContinue = true;
            using var response = await system.Gateway.SendAsync(request);
            Assert.True(response.StatusCode == status, $"{name}: expected {status}, got {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await PutGoodAsync();
        }

        var failed = new List<(string Name, string Id, long Version, string Says)>();
        foreach (var (name, body, says) in failedByTheWorker)
        {
            var id = $"poison-{run}-{failed.Count}";
            var accepted = await system.PutAsync(id, body);
            failed.Add((name, id, accepted.GetProperty("version").GetInt64(), says));
            await PutGoodAsync();
        }

        // A deep page within the limit is not bad input: it is read without trouble.
        var deep = $"deep-{run}";
        const int depth = 2_000;
        var html = new StringBuilder("<html><body>").Append(string.Concat(Enumerable.Repeat("<div>", depth))).Append("nested lighthouse keeper")
            .Append(string.Concat(Enumerable.Repeat("</div>", depth))).Append("</body></html>").ToString();
        var deepVersion = (await system.PutAsync(deep, new { contentType = "text/html", content = html })).GetProperty("version").GetInt64();

        foreach (var (name, id, version, says) in failed)
        {
            var status = await system.WaitForStateAsync(id, "failed", version);
            Assert.True(status.GetProperty("error").GetString()!.Contains(says, StringComparison.Ordinal), $"{name}: the reason '{status.GetProperty("error").GetString()}' does not say '{says}'.");
        }

        foreach (var (id, version) in good)
        {
            await system.WaitForStateAsync(id, "indexed", version);
        }

        await system.WaitForStateAsync(deep, "indexed", deepVersion);

        // A long word within the chunk limit is indexed as chunks of Chunking:MaxChars, and a search for it answers
        // those, not one chunk of the whole word.
        var longWord = $"longword-{run}";
        var word = string.Concat(Enumerable.Repeat($"w{run}", 60_000 / 9));
        var longWordVersion = (await system.PutAsync(longWord, new { contentType = "text/plain", content = $"Kittiwakes {run}. {word}" })).GetProperty("version").GetInt64();
        await system.WaitForStateAsync(longWord, "indexed", longWordVersion);
        var hits = await system.WaitForSearchAsync($"kittiwakes {run}", "bm25", h => h.Any(x => x.GetProperty("documentId").GetString() == longWord), "the long word's document", k: 100);
        Assert.All(hits, h => Assert.True(h.GetProperty("text").GetString()!.Length <= 2_048, $"a hit of {h.GetProperty("text").GetString()!.Length} characters"));
    }

    [Fact]
    public async Task AFloodOfGroupedSearchesIsRefusedOnceItsRankingsReachTheClientsBudgetAndOthersStillPage()
    {
        // 100 grouped searches once added 22.8 MB to Redis, evicting the embedding cache and other clients' cursors.
        var run = Guid.NewGuid().ToString("N")[..8];
        var filler = string.Join(' ', Enumerable.Repeat($"Shearwaters {run} skim the swell far from land.", 30));
        var versions = new List<(string Id, long Version)>();
        for (var i = 0; i < 30; i++)
        {
            var accepted = await system.PutAsync($"flood-{run}-{i}", new { contentType = "text/plain", content = filler });
            versions.Add(($"flood-{run}-{i}", accepted.GetProperty("version").GetInt64()));
        }

        foreach (var (id, version) in versions)
        {
            await system.WaitForStateAsync(id, "indexed", version);
        }

        await system.WaitForSearchAsync($"shearwaters {run}", "bm25", h => h.Length >= 10, "the flood's documents", k: 10);
        var path = $"/api/search?q=shearwaters+{run}&mode=bm25&group=document&perDocument=20&k=1";
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add(SystemFixture.ClientIdHeader, $"flood-{run}");
            var response = await system.Gateway.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 says when to retry");
            Assert.Contains("Gateway:CursorBytesPerClient", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var other = new HttpRequestMessage(HttpMethod.Get, path);
        other.Headers.Add(SystemFixture.ClientIdHeader, $"patient-{run}");
        using var served = await system.Gateway.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var page = System.Text.Json.JsonDocument.Parse(await served.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(System.Text.Json.JsonValueKind.String, page.GetProperty("nextCursor").ValueKind);
    }

    private static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    private static JsonContent Json(object body) => JsonContent.Create(body, options: SystemFixture.Json);
}
