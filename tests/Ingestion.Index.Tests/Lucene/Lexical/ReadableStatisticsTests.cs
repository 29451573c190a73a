using CsCheck;
using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Lucene.Lexical;

/// <summary>
/// A caller's lexical scores depend on nothing it may not read (a property over random corpora): the same query by the
/// same caller scores every chunk and document alike in an index that also holds documents it may not read, and in one
/// without them. With the whole index's BM25 statistics, a caller who can write could read from its own documents'
/// scores how common a word is in the documents it may not read.
/// </summary>
public sealed class ReadableStatisticsTests
{
    private static readonly EmbeddingModelInfo Model = new("test-model", 4);
    private static readonly string[] Words = ["falcon", "heron", "tern", "gull", "skua", "petrel", "auk", "wren"];
    private static readonly SearchFilter Reader = new() { Readers = ["group:readers"] };

    [Fact]
    public async Task ACallersScoresAreTheSameWithOrWithoutTheDocumentsItMayNotRead()
    {
        var text = Gen.Int[0, Words.Length - 1].Array[1, 12].Select(words => string.Join(' ', words.Select(w => Words[w])));
        var document = Gen.Select(Gen.Bool, text.Array[1, 3], text);
        var sample = Gen.Select(document.Array[1, 16], Gen.Int[0, Words.Length - 1].Array[1, 3]);

        await sample.SampleAsync(
            async (documents, query) =>
            {
                if (documents.All(d => !d.Item1))
                {
                    return; // nothing readable: nothing to compare
                }

                var words = string.Join(' ', query.Select(w => Words[w]));
                var everything = await ScoresAsync(documents, words, readableOnly: false);
                var readableOnly = await ScoresAsync(documents, words, readableOnly: true);

                Assert.Equal(readableOnly.Keys.Order(StringComparer.Ordinal), everything.Keys.Order(StringComparer.Ordinal));
                Assert.All(readableOnly, pair => Assert.Equal(pair.Value, everything[pair.Key], 4));
            },
            iter: 40,
            threads: 1);
    }

    /// <summary>The reader's scores of chunks and of documents for <paramref name="query"/>, by chunk or document id.</summary>
    private static async Task<Dictionary<string, float>> ScoresAsync((bool Readable, string[] Chunks, string Title)[] documents, string query, bool readableOnly)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var options = Options.Create(new IndexOptions { DataPath = dataPath, CommitDelay = TimeSpan.Zero });
            await using (var writer = LuceneChunkIndexWriter.Open(options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System))
            {
                for (var d = 0; d < documents.Length; d++)
                {
                    var (readable, chunks, title) = documents[d];
                    if (readableOnly && !readable)
                    {
                        continue;
                    }

                    var id = $"doc{d}";
                    await writer.ApplyAsync(
                        new ReplaceDocument(id, 1, title, "text/plain", [], Model.ModelId, [.. chunks.Select((c, i) => new IndexedChunk($"{id}#{i}", i, c, 0, c.Length, new float[] { 1, 0, 0, 0 }))])
                        {
                            Readers = [readable ? "group:readers" : "group:others"],
                        },
                        default);
                }
            }

            using var reader = new LuceneChunkIndexReader(options);
            using var snapshot = reader.AcquireSnapshot();
            var chunkHits = await snapshot.SearchLexicalAsync(query, 1000, Reader, default);
            var documentHits = await snapshot.RankDocumentsLexicalAsync(query, 1000, Reader, default);
            return chunkHits.Select(h => (Key: "chunk " + h.ChunkId, h.Score)).Concat(documentHits.Select(h => (Key: "document " + h.DocumentId, h.Score))).ToDictionary(p => p.Key, p => p.Score);
        }
        finally
        {
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }
}
