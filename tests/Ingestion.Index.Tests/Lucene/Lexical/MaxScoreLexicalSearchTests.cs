using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Lucene.Lexical;

/// <summary>
/// The pruned (MaxScore) lexical search against Lucene's own search of the same query, on an index of several
/// segments with deletes, titles shared by a document's chunks, and words drawn as in text (a few very common, most
/// rare): the same chunks in the same order with the same scores, for any k.
/// </summary>
public sealed class MaxScoreLexicalSearchTests : IAsyncLifetime
{
    private const int Vocabulary = 400;
    private static readonly EmbeddingModelInfo Model = new("test-model", 4);
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        var random = new Random(42);
        await using var writer = LuceneChunkIndexWriter.Open(Options(), Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        // Four batches, each its own commit and segment (merges may join some).
        for (var batch = 0; batch < 4; batch++)
        {
            await Task.WhenAll(Enumerable.Range(batch * 300, 300).Select(d =>
            {
                var id = $"doc{d}";
                var chunks = Enumerable.Range(0, 1 + random.Next(4))
                    .Select(c => Sentence(random, 5 + random.Next(60)))
                    .Select((text, c) => new IndexedChunk($"{id}#{c}", c, text, 0, text.Length, new float[] { 1, 0, 0, 0 }))
                    .ToList();
                return writer.ApplyAsync(new ReplaceDocument(id, 1, Sentence(random, 1 + random.Next(5)), "text/plain", [d % 2 == 0 ? "even" : "odd"], Model.ModelId, chunks) { Readers = [$"group:g{d % 3}"] }, default);
            }));
        }

        // Deleted and replaced documents leave dead chunks in the segments.
        await Task.WhenAll(Enumerable.Range(0, 1200).Where(d => d % 9 == 4).Select(d => writer.ApplyAsync(new RemoveDocument($"doc{d}", 2), default)));
        await Task.WhenAll(Enumerable.Range(0, 1200).Where(d => d % 9 == 5).Select(d =>
            writer.ApplyAsync(new ReplaceDocument($"doc{d}", 2, "replaced", "text/plain", [], Model.ModelId, [new IndexedChunk($"doc{d}#0", 0, Word(1) + " " + Word(7), 0, 10, new float[] { 1, 0, 0, 0 })]), default)));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dataPath, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>No filter; a caller's readers alone (a cached bit set, read at random); readers and a tag (a filter only iterated).</summary>
    public static TheoryData<int, int> Searches => new()
    {
        { 1, 0 }, { 10, 0 }, { 100, 0 }, { 5000, 0 },
        { 1, 1 }, { 10, 1 }, { 100, 1 }, { 5000, 1 },
        { 10, 2 }, { 5000, 2 },
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task PrunedSearchFindsTheSameChunksInTheSameOrderWithTheSameScores(int k, int filtered)
    {
        var filter = filtered switch
        {
            0 => SearchFilter.None,
            1 => new SearchFilter { Readers = ["group:g0", "group:g2", "user:nobody"] },
            _ => new SearchFilter { Readers = ["group:g1"], AnyTags = ["even"] },
        };
        using var lucene = new LuceneChunkIndexReader(Options(), LuceneSearchStrategy.Unpruned);
        using var pruned = new LuceneChunkIndexReader(Options());
        var random = new Random(k);
        for (var q = 0; q < 40; q++)
        {
            // Queries of common and rare words, some repeated (a repeat counts twice in both searches).
            var query = q == 0 ? $"{Word(0)} {Word(0)} {Word(3)}" : Sentence(random, 1 + random.Next(12));
            var expected = await Lexical(lucene, query, k, filter);
            var found = await Lexical(pruned, query, k, filter);
            Assert.All(found, h => Assert.True(filtered == 0 || int.Parse(h.DocumentId[3..], System.Globalization.CultureInfo.InvariantCulture) % 3 != 1 == (filtered == 1), $"{h.DocumentId} is not admitted"));

            Assert.Equal(expected.Count, found.Count);
            Assert.All(expected.Zip(found), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 4));
            // Chunks whose scores tie within rounding may trade places; every other chunk is where Lucene puts it.
            var kth = expected.Count == 0 ? 0 : expected[^1].Score;
            Assert.Equal(
                expected.Where(h => h.Score > kth + 1e-4).Select(h => h.ChunkId),
                found.Where(h => h.Score > kth + 1e-4).Select(h => h.ChunkId));
        }
    }

    [Fact]
    public async Task AChunkMatchedOnlyByItsTitleOrOnlyByARareWordIsStillFound()
    {
        using var pruned = new LuceneChunkIndexReader(Options());

        var byRareWord = await Lexical(pruned, $"{Word(0)} {Word(1)} {Word(Vocabulary - 1)}", 5);
        var byTitle = await Lexical(pruned, "replaced", 3);

        Assert.Contains(byRareWord, h => h.Text.Split(' ').Contains(Word(Vocabulary - 1)));
        Assert.All(byTitle, h => Assert.Equal("replaced", h.Title));
    }

    private static async Task<IReadOnlyList<ChunkHit>> Lexical(LuceneChunkIndexReader searcher, string query, int k, SearchFilter? filter = null)
    {
        using var snapshot = searcher.AcquireSnapshot();
        return await snapshot.SearchLexicalAsync(query, k, filter ?? SearchFilter.None, default);
    }

    /// <summary>Words by a Zipf-like law: word r is drawn about 1/(r+1) as often as the most common.</summary>
    private static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Word((int)Math.Min(Vocabulary - 1, Math.Floor(Math.Pow(Vocabulary + 1, random.NextDouble())) - 1))));

    /// <summary>Letters only, none an English stop word or changed by stemming.</summary>
    private static string Word(int rank) => "zq" + new string([.. rank.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => (char)('b' + d - '0'))]);

    private IOptions<IndexOptions> Options() =>
        Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = _dataPath, CommitDelay = TimeSpan.FromMilliseconds(20) });
}
