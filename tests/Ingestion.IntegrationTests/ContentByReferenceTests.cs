using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

/// <summary>Large content sent by reference: read from under the configured root or an allowed host, and nowhere else.</summary>
[Collection(RunningSystem.Name)]
public sealed class ContentByReferenceTests(SystemFixture system)
{
    [Fact]
    public async Task AFileUnderTheRootIsReadByTheWorker()
    {
        var id = $"byfile-{Guid.NewGuid():N}";
        var path = Path.Combine(system.SourceRoot, $"{id}.md");
        await File.WriteAllTextAsync(path, "# Sextants\n\nNavigators measured the angle of the sun with a sextant.");

        var accepted = await system.PutAsync(id, new { title = "Sextants", contentType = "text/markdown", contentUri = new Uri(path).ToString() });
        await system.WaitForStateAsync(id, "indexed", accepted.GetProperty("version").GetInt64());

        await system.WaitForSearchAsync("angle of the sun sextant", "bm25", h => h.Any(x => x.GetProperty("documentId").GetString() == id), "the file's text");
    }

    [Fact]
    public async Task AnAllowedHostIsFetchedOverHttp()
    {
        var id = $"byhttp-{Guid.NewGuid():N}";
        var listener = system.SourceListener;
        var port = system.SourcePort;
        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var body = Encoding.UTF8.GetBytes("<html><body><h1>Astrolabes</h1><p>An astrolabe models the sky on a brass disc.</p></body></html>");
            context.Response.ContentType = "text/html";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

        var accepted = await system.PutAsync(id, new { title = "Astrolabes", contentType = "text/html", contentUri = $"http://127.0.0.1:{port}/astrolabe.html" });
        await system.WaitForStateAsync(id, "indexed", accepted.GetProperty("version").GetInt64());
        await serving;

        await system.WaitForSearchAsync("astrolabe brass disc", "bm25", h => h.Any(x => x.GetProperty("documentId").GetString() == id), "the page's text");
    }

    [Theory]
    [InlineData("../outside.txt", "is not under the configured root")]
    [InlineData("http://169.254.169.254/latest/meta-data", "is not in Sources:AllowedHosts")]
    [InlineData("ftp://127.0.0.1/file.txt", "scheme 'ftp' is not supported")]
    [InlineData("not a uri", "absolute")]
    public async Task ReferencesOutsideThePolicyAreRefusedWithTheReason(string reference, string reason)
    {
        var contentUri = reference.StartsWith("../", StringComparison.Ordinal) ? $"file://{system.SourceRoot}/{reference}" : reference;

        using var response = await system.Gateway.PutAsJsonAsync($"/api/documents/refused-{Guid.NewGuid():N}", new { contentType = "text/plain", contentUri });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("contentUri")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFileFailsWithAReason()
    {
        var id = $"missing-{Guid.NewGuid():N}";
        var accepted = await system.PutAsync(id, new { contentType = "text/plain", contentUri = new Uri(Path.Combine(system.SourceRoot, "no-such-file.txt")).ToString() });

        var status = await system.WaitForStateAsync(id, "failed", accepted.GetProperty("version").GetInt64());

        Assert.Contains("does not exist", status.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
