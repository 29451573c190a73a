using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Ingestion.IntegrationTests;

/// <summary>
/// The MCP server of the running system (#25), through the MCP SDK's own client over streamable HTTP: an agent with a
/// writing key adds a document for the audit group through <c>upsert_document</c>, follows it with
/// <c>document_status</c>, and only the auditor's agent finds it, reads it (an id with a '/') and gets it as context;
/// then the writer deletes it.
/// </summary>
[Collection(RunningSystem.Name)]
public sealed class McpTests(SystemFixture system)
{
    [Fact]
    public async Task AnAgentWritesADocumentForAGroupAndOnlyThatGroupsAgentFindsReadsAndCitesIt()
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var id = $"mcp/{unique}.md";
        var content = $"# Tide tables\n\nThe harbour {unique} floods twice a day at spring tides.";
        await using var writer = await ConnectAsync(SystemFixture.TesterKey);
        await using var auditor = await ConnectAsync(SystemFixture.AuditorKey);

        Assert.Contains("upsert_document", (await writer.ListToolsAsync()).Select(t => t.Name));
        var accepted = Answer(await writer.CallToolAsync("upsert_document", new Dictionary<string, object?>
        {
            ["documentId"] = id,
            ["content"] = content,
            ["contentType"] = "text/markdown",
            ["readers"] = new[] { $"group:{SystemFixture.AuditGroup}" },
        }));
        var version = accepted.GetProperty("version").GetInt64();
        await Eventually.TrueAsync(
            async () => Answer(await auditor.CallToolAsync("document_status", new Dictionary<string, object?> { ["documentIds"] = new[] { id } }))
                .GetProperty("statuses").EnumerateArray().Any(s => s.GetProperty("version").GetInt64() == version && s.GetProperty("state").GetString() == "indexed" && s.TryGetProperty("searchable", out var searchable) && searchable.GetBoolean()),
            "the auditor's agent to see the document searchable",
            TimeSpan.FromSeconds(60));

        var found = Answer(await auditor.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = unique, ["mode"] = "bm25" })).GetProperty("hits");
        var hidden = Answer(await writer.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = unique, ["mode"] = "bm25" })).GetProperty("hits");
        var context = Answer(await auditor.CallToolAsync("get_context", new Dictionary<string, object?> { ["question"] = $"When does the harbour {unique} flood?" })).GetProperty("passages");
        var hit = Assert.Single(found.EnumerateArray());
        var read = Answer(await auditor.CallToolAsync("read_document", new Dictionary<string, object?> { ["documentId"] = id }));

        Assert.Equal(id, hit.GetProperty("documentId").GetString());
        Assert.DoesNotContain(hidden.EnumerateArray(), h => h.GetProperty("documentId").GetString() == id);
        Assert.Contains(context.EnumerateArray(), p => p.GetProperty("documentId").GetString() == id);
        Assert.Contains($"The harbour {unique} floods twice a day", read.GetProperty("text").GetString(), StringComparison.Ordinal);
        var start = hit.GetProperty("startOffset").GetInt32();
        var atCitation = Answer(await auditor.CallToolAsync("read_document", new Dictionary<string, object?> { ["documentId"] = id, ["from"] = start, ["length"] = hit.GetProperty("endOffset").GetInt32() - start }));
        Assert.Equal(hit.GetProperty("text").GetString(), atCitation.GetProperty("text").GetString());

        var deleted = Answer(await writer.CallToolAsync("delete_document", new Dictionary<string, object?> { ["documentId"] = id })).GetProperty("version").GetInt64();
        await Eventually.TrueAsync(
            async () => Answer(await auditor.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = unique, ["mode"] = "bm25" })).GetProperty("hits").GetArrayLength() == 0,
            $"the delete at version {deleted} to take the document out of the auditor's searches",
            TimeSpan.FromSeconds(60));
    }

    private async Task<McpClient> ConnectAsync(string apiKey)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(system.Gateway.BaseAddress!, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["X-Api-Key"] = apiKey },
        });
        return await McpClient.CreateAsync(transport);
    }

    private static JsonElement Answer(CallToolResult result)
    {
        Assert.True(result.IsError is not true, string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text)));
        return result.StructuredContent!.Value;
    }
}
