using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

/// <summary>Filters of <c>GET /api/search</c>, through the gateway, on every leg.</summary>
[Collection(RunningSystem.Name)]
public sealed class SearchFilterTests(SystemFixture system)
{
    [Fact]
    public async Task TagsContentTypeAndIdPrefixFilterEveryModeAndTimeSplitsOldFromNew()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        string Id(string name) => $"filters-{unique}/{name}";
        var red = $"red-{unique}";
        var blue = $"blue-{unique}";
        var first = await system.PutAsync(Id("red"), new { contentType = "text/plain", content = $"Lanterns guide {unique} boats at night.", tags = new[] { red } });
        await system.WaitForStateAsync(Id("red"), "indexed", first.GetProperty("version").GetInt64());
        var between = DateTimeOffset.UtcNow;
        var second = await system.PutAsync(Id("both"), new { contentType = "text/markdown", content = $"# Lanterns\n\nLanterns guide {unique} boats in fog.", tags = new[] { red, blue } });
        var third = await system.PutAsync(Id("blue"), new { contentType = "text/markdown", content = $"Lanterns guide {unique} boats through storms.", tags = new[] { blue } });
        await system.WaitForStateAsync(Id("both"), "indexed", second.GetProperty("version").GetInt64());
        await system.WaitForStateAsync(Id("blue"), "indexed", third.GetProperty("version").GetInt64());

        foreach (var mode in new[] { "bm25", "dense", "hybrid" })
        {
            await Expect(mode, $"tags={red}", [Id("both"), Id("red")]);
            await Expect(mode, $"tags={red}&tags={blue}", [Id("blue"), Id("both"), Id("red")]);
            await Expect(mode, $"allTags={red}&allTags={blue}", [Id("both")]);
            await Expect(mode, $"tags={blue}&contentType=text/markdown", [Id("blue"), Id("both")]);
            await Expect(mode, $"idPrefix={Uri.EscapeDataString(Id("b"))}", [Id("blue"), Id("both")]);
            await Expect(mode, $"tags={red}&updatedAfter={Uri.EscapeDataString(between.ToString("O"))}", [Id("both")]);
        }

        async Task Expect(string mode, string filter, string[] expected) =>
            await Eventually.TrueAsync(
                async () =>
                {
                    var response = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString($"lanterns {unique} boats")}&mode={mode}&k=10&{filter}");
                    var found = response.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("documentId").GetString()!).Distinct().Order(StringComparer.Ordinal);
                    return found.SequenceEqual(expected);
                },
                $"{mode} search with {filter} to find exactly {string.Join(", ", expected)}");
    }

    [Fact]
    public async Task AMalformedFilterGetsAProblemNamingTheParameter()
    {
        using var response = await system.Gateway.GetAsync("/api/search?q=lanterns&updatedAfter=last-tuesday&tags=");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("last-tuesday", errors.GetProperty("updatedAfter")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("tags", out _));
    }
}
