using System.Text.Json;
using Ingestion.Gateway.Tests.Identity;
using Ingestion.Index;

namespace Ingestion.Gateway.Tests.Mcp;

/// <summary>
/// The MCP server at <c>/mcp</c>, through the MCP SDK's own client: the tools it lists, each tool's answer trimmed to
/// the caller of the credential it connects with, the document text at the offsets citations name, and bad arguments
/// as tool errors that say what was wrong.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class McpToolTests(LocalRedis redis)
{
    private static readonly string[] RetrievalTools = ["document_status", "get_context", "read_document", "search"];
    private static readonly string[] FinanceAndPublic = ["fin", "pub"];
    private static readonly string[] AliceAndPublic = ["alice", "pub"];
    private static readonly string[] AllThree = ["fin", "pub", "alice"];

    [Fact]
    public async Task ItListsTheRetrievalToolsAndTheWriteToolsOnlyWhenWritesAreAllowed()
    {
        using var readOnly = new GatewayHost(redis, LocalIssuer.Settings());
        var writable = LocalIssuer.Settings();
        writable["Gateway:Mcp:AllowWrites"] = "true";
        using var withWrites = new GatewayHost(redis, writable);

        await using var reader = await McpConnection.ConnectAsync(readOnly, LocalIssuer.Mint("alice"));
        await using var writer = await McpConnection.ConnectAsync(withWrites, LocalIssuer.Mint("alice"));
        var tools = await reader.ListToolsAsync();
        var all = await writer.ListToolsAsync();

        Assert.Equal(RetrievalTools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(RetrievalTools.Length + 2, all.Count);
        Assert.Equal([.. RetrievalTools, "delete_document", "upsert_document"], all.Select(t => t.Name).Order(StringComparer.Ordinal).OrderBy(WriteToolsLast));
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint, $"{t.Name} is not marked read-only"));
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
    }

    [Fact]
    public async Task EveryToolAnswersOnlyWithWhatItsCallerMayRead()
    {
        using var gateway = await GatewayWithCorpusAsync();
        await using var bob = await McpConnection.ConnectAsync(gateway, LocalIssuer.Mint("bob", ["finance"]));
        await using var alice = await McpConnection.ConnectAsync(gateway, LocalIssuer.Mint("alice"));

        foreach (var (client, readable) in new[] { (bob, FinanceAndPublic), (alice, AliceAndPublic) })
        {
            var search = (await client.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = "puffin", ["mode"] = "bm25", ["k"] = 50 })).Answer();
            Assert.Equal(readable, DocumentIds(search.GetProperty("hits")));

            var context = (await client.CallToolAsync("get_context", new Dictionary<string, object?> { ["question"] = "puffin", ["mode"] = "bm25" })).Answer();
            Assert.Equal(readable, DocumentIds(context.GetProperty("passages")));

            var statuses = (await client.CallToolAsync("document_status", new Dictionary<string, object?> { ["documentIds"] = AllThree })).Answer();
            Assert.Equal(readable, DocumentIds(statuses.GetProperty("statuses")));
            Assert.All(statuses.GetProperty("statuses").EnumerateArray(), s => Assert.Equal("indexed", s.GetProperty("state").GetString()));
        }

        var own = await alice.CallToolAsync("read_document", new Dictionary<string, object?> { ["documentId"] = "alice" });
        var hidden = await alice.CallToolAsync("read_document", new Dictionary<string, object?> { ["documentId"] = "fin" });
        Assert.Contains("diary", own.Answer().GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(hidden.IsError);
        Assert.DoesNotContain("budget", hidden.ErrorText(), StringComparison.Ordinal);
        Assert.Contains("No such document", hidden.ErrorText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDocumentGivesTheTextAtTheOffsetsItsCitationsNameAndSaysWhetherMoreFollows()
    {
        string[] chunks = ["Puffins nest in burrows.", "They return each spring.", "Their beaks turn orange."];
        using var gateway = new GatewayHost(redis, LocalIssuer.Settings());
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document("birds", 1, chunks) with { Readers = [ReaderTerms.Public] });
        var whole = string.Join("  ", chunks); // IndexFiller leaves two characters between chunks
        await using var client = await McpConnection.ConnectAsync(gateway, LocalIssuer.Mint("alice"));

        var all = (await client.CallToolAsync("read_document", new Dictionary<string, object?> { ["documentId"] = "birds" })).Answer();
        var middle = (await client.CallToolAsync("read_document", new Dictionary<string, object?> { ["documentId"] = "birds", ["from"] = 10, ["length"] = 30 })).Answer();
        var cited = (await client.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = "orange", ["mode"] = "bm25" })).Answer().GetProperty("hits")[0];
        var atCitation = (await client.CallToolAsync("read_document", new Dictionary<string, object?>
        {
            ["documentId"] = "birds",
            ["from"] = cited.GetProperty("startOffset").GetInt32(),
            ["length"] = cited.GetProperty("endOffset").GetInt32() - cited.GetProperty("startOffset").GetInt32(),
        })).Answer();

        Assert.Equal(whole, all.GetProperty("text").GetString());
        Assert.False(all.GetProperty("more").GetBoolean());
        Assert.Equal(whole.Substring(10, 30), middle.GetProperty("text").GetString());
        Assert.Equal(40, middle.GetProperty("to").GetInt32());
        Assert.True(middle.GetProperty("more").GetBoolean());
        Assert.Equal(cited.GetProperty("text").GetString(), atCitation.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ASearchHitCarriesTheHeadingsAboveItsPassageAsTheHttpApiGivesThem()
    {
        var document = IndexFiller.Document("guide", 1, "Puffins eat sand eels.");
        document = document with { Chunks = [document.Chunks[0] with { Context = "Field guide > Diet" }], Readers = [ReaderTerms.Public] };
        using var gateway = new GatewayHost(redis, LocalIssuer.Settings());
        await IndexFiller.WriteAsync(gateway.DataPath, document);
        await using var client = await McpConnection.ConnectAsync(gateway, LocalIssuer.Mint("alice"));

        var hit = (await client.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = "eels", ["mode"] = "bm25" })).Answer().GetProperty("hits")[0];

        Assert.Equal("Puffins eat sand eels.", hit.GetProperty("text").GetString());
        Assert.Equal("Field guide > Diet", hit.GetProperty("context").GetString());
    }

    [Theory]
    [InlineData("search", "{}", "query is required")]
    [InlineData("search", """{"query":"puffin","k":0}""", "k must be between 1 and")]
    [InlineData("search", """{"query":"puffin","mode":"fuzzy"}""", "mode")]
    [InlineData("get_context", """{"question":"puffin","budgetTokens":1}""", "budgetTokens")]
    [InlineData("read_document", """{"documentId":"pub","length":100000000}""", "Gateway:MaxReadCharacters")]
    [InlineData("read_document", """{"documentId":"pub","from":-1}""", "from must be")]
    [InlineData("document_status", "{}", "ids must name 1 to")]
    [InlineData("search", """{"query":"puffin","k":"many"}""", "'k'")]
    public async Task ABadArgumentIsAToolErrorThatSaysWhatWasWrong(string tool, string arguments, string reason)
    {
        using var gateway = await GatewayWithCorpusAsync();
        await using var client = await McpConnection.ConnectAsync(gateway, LocalIssuer.Mint("alice"));

        var result = await client.CallToolAsync(tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments));

        Assert.True(result.IsError, $"{tool} {arguments} was answered: {result.ErrorText()}");
        Assert.True(result.ErrorText().Contains(reason, StringComparison.Ordinal), result.ErrorText());
    }

    [Fact]
    public async Task WithoutACredentialNoClientConnectsAndWithoutTheWriteScopeNoWriteToolWrites()
    {
        var settings = WhoMayDoWhatTests.KeysAndTokens();
        settings["Gateway:Mcp:AllowWrites"] = "true";
        using var gateway = new GatewayHost(redis, settings);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => McpConnection.ConnectAsync(gateway));
        await using var reader = await McpConnection.ConnectAsync(gateway, LocalIssuer.Mint("alice"));
        await using var writer = await McpConnection.ConnectAsync(gateway, LocalIssuer.Mint("bob", scopes: $"{LocalIssuer.Audience}/write"));
        var upsert = new Dictionary<string, object?> { ["documentId"] = "notes", ["content"] = "Terns nest on shingle." };
        var byReader = await reader.CallToolAsync("upsert_document", upsert);
        var byWriter = await writer.CallToolAsync("upsert_document", upsert);

        Assert.Contains("401", refused.ToString(), StringComparison.Ordinal);
        Assert.True(byReader.IsError);
        Assert.Contains("'write' scope", byReader.ErrorText(), StringComparison.Ordinal);
        // Past the scope check: no broker runs in these tests, so the publish is what fails.
        Assert.DoesNotContain("scope", byWriter.ErrorText(), StringComparison.Ordinal);
        Assert.True(byWriter.IsError);
        Assert.Contains("The message broker did not confirm the change", byWriter.ErrorText(), StringComparison.Ordinal);
    }

    /// <summary>Three documents about puffins: one for the finance group, one public, one for alice alone.</summary>
    private async Task<GatewayHost> GatewayWithCorpusAsync()
    {
        var gateway = new GatewayHost(redis, LocalIssuer.Settings());
        await IndexFiller.WriteAsync(
            gateway.DataPath,
            IndexFiller.Document("fin", 1, "The puffin budget for the colony survey.") with { Readers = ["group:finance"] },
            IndexFiller.Document("pub", 1, "The puffin colony on the cliffs.") with { Readers = [ReaderTerms.Public] },
            IndexFiller.Document("alice", 1, "A puffin diary kept by Alice.") with { Readers = ["user:alice"] });
        return gateway;
    }

    private static bool WriteToolsLast(string tool) => tool is "delete_document" or "upsert_document";

    private static string[] DocumentIds(JsonElement items) =>
        [.. items.EnumerateArray().Select(i => i.GetProperty("documentId").GetString()!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
