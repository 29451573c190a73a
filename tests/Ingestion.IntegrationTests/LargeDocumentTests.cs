using System.Text;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A document over <c>Worker:LargeMessageBytes</c> reaches the indexer by the queue for large documents (of which
/// it takes only a few ahead) and is indexed like any other; small ones still go the usual way.
/// </summary>
[Collection(RunningSystem.Name)]
public sealed class LargeDocumentTests(SystemFixture system)
{
    [Fact]
    public async Task ADocumentLargerThanTheLargeMessageSizeIsIndexedAndSearchable()
    {
        var id = $"large-{Guid.NewGuid():N}";
        var text = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            text.Append("Paragraph ").Append(i).Append(" tells of gannets that dive from thirty metres, fold their wings and seize fish below the surface before they rise again to the colony.\n\n");
        }

        text.Append("The last paragraph names the fulmar, which spits oil at intruders.");
        await system.PutAsync(id, new { contentType = "text/plain", content = text.ToString(), version = 1 });

        var indexed = await system.WaitForSearchableAsync(id, 1);
        Assert.True(indexed.GetProperty("chunkCount").GetInt32() >= 8, "a document of many chunks");
        var hits = await system.SearchAsync("fulmar spits oil", "bm25", 3);
        Assert.Equal(id, hits[0].GetProperty("documentId").GetString());
    }
}
