using System.Net;
using System.Text.Json;

namespace Ingestion.Gateway.Tests;

/// <summary>What these tests read from an RFC 7807 answer.</summary>
internal static class Problems
{
    /// <summary>The ProblemDetails of <paramref name="response"/>, after checking its status and media type.</summary>
    public static async Task<JsonElement> OfAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Checks that <paramref name="response"/> is a 400 ValidationProblem whose <c>errors</c> name <paramref name="field"/> and nothing else.</summary>
    public static async Task AssertNamesOnlyAsync(HttpResponseMessage response, string field)
    {
        var problem = await OfAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"a ValidationProblem has errors: {problem}");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        Assert.False(string.IsNullOrWhiteSpace(errors.GetProperty(field)[0].GetString()), $"the error of '{field}' says why: {problem}");
    }

    /// <summary>A body sent as it is written, so a test can send what no typed client would.</summary>
    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
