namespace Ingestion.Gateway.Tests.Model;

/// <summary>Every bad parameter of <c>GET /api/search</c> is refused with a ValidationProblem that names it, and only it.</summary>
[Collection(SharedRedis.Name)]
public sealed class SearchParametersTests(LocalRedis redis, SharedGatewayFixture gateway) : IClassFixture<SharedGatewayFixture>
{
    private readonly HttpClient _client = gateway.ClientOn(redis);

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=", "q")]
    [InlineData("q=%20%20", "q")]
    [InlineData("q=terns&k=0", "k")]
    [InlineData("q=terns&k=1001", "k")]
    [InlineData("q=terns&mode=fuzzy", "mode")]
    [InlineData("q=terns&fusion=borda", "fusion")]
    [InlineData("q=terns&fusion=1", "fusion")]
    [InlineData("q=terns&rrfK=0", "rrfK")]
    [InlineData("q=terns&rrfK=1001", "rrfK")]
    [InlineData("q=terns&window=0", "window")]
    [InlineData("q=terns&window=1001", "window")]
    [InlineData("q=terns&bm25Weight=-1", "weights")]
    [InlineData("q=terns&denseWeight=101", "weights")]
    [InlineData("q=terns&denseWeight=NaN", "weights")]
    [InlineData("q=terns&bm25Weight=0&denseWeight=0", "weights")]
    [InlineData("q=terns&tags=", "tags")]
    [InlineData("q=terns&tags=birds&tags=%20", "tags")]
    [InlineData("q=terns&allTags=", "allTags")]
    [InlineData("q=terns&contentType=", "contentType")]
    [InlineData("q=terns&updatedAfter=last-tuesday", "updatedAfter")]
    [InlineData("q=terns&group=chapter", "group")]
    [InlineData("q=terns&group=document&perDocument=0", "perDocument")]
    [InlineData("q=terns&group=document&perDocument=21", "perDocument")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("cursor=not-a-cursor&k=0", "k")]
    public async Task ABadParameterIsNamedInTheProblem(string query, string parameter)
    {
        using var response = await _client.GetAsync($"/api/search?{query}");

        await Problems.AssertNamesOnlyAsync(response, parameter);
    }

    public static TheoryData<string, string> OverTheLimits => new()
    {
        { "q=" + new string('q', 1001), "q" },
        { "q=terns" + string.Concat(Enumerable.Range(0, 101).Select(i => $"&tags=t{i}")), "tags" },
        { "q=terns" + string.Concat(Enumerable.Range(0, 101).Select(i => $"&allTags=t{i}")), "allTags" },
        { "q=terns" + string.Concat(Enumerable.Range(0, 101).Select(i => $"&contentType=text/t{i}")), "contentType" },
    };

    [Theory]
    [MemberData(nameof(OverTheLimits))]
    public async Task AQueryOrAFilterOverItsLimitIsNamedInTheProblem(string query, string parameter)
    {
        using var response = await _client.GetAsync($"/api/search?{query}");

        await Problems.AssertNamesOnlyAsync(response, parameter);
    }

    [Fact]
    public async Task EveryBadParameterOfOneRequestIsNamed()
    {
        using var response = await _client.GetAsync("/api/search?q=&k=0&mode=fuzzy&rrfK=0&updatedAfter=soon&group=chapter");

        var problem = await Problems.OfAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.Equal(["group", "k", "mode", "q", "rrfK", "updatedAfter"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("q=terns&mode=bm25")]
    [InlineData("q=terns&mode=BM25&k=1000&fusion=rrf&rrfK=1000&window=1000&bm25Weight=0&denseWeight=100")]
    [InlineData("q=terns&mode=bm25&tags=a&allTags=b&contentType=text/plain&idPrefix=x&updatedAfter=2026-01-31T00:00:00Z")]
    [InlineData("q=terns&mode=bm25&group=document&perDocument=20")]
    public async Task ParametersAtTheirLimitsAreAnswered(string query)
    {
        using var response = await _client.GetAsync($"/api/search?{query}");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
