using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Lucene.Writing;

/// <summary>
/// The embedded writer on a disk that fills up (a real tmpfs): Lucene drops every document buffered since its last
/// flush when one add fails, so no write waiting for that commit may be acknowledged, and their retries must apply.
/// </summary>
public sealed class LuceneFullDiskTests
{
    private static readonly EmbeddingModelInfo Model = new("test-model", 4);
    private static readonly float[] Vector = [0.5f, 0.5f, 0.5f, 0.5f];

    [SkippableFact]
    public async Task AnAddThatFailsOnAFullDiskFailsEveryWriteWaitingForTheSameCommitAndTheirRetriesAreKept()
    {
        var (disk, options, opened) = OpenOnAFullDisk();
        using var onDisk = disk;
        await using var writer = opened;

        var waiting = writer.ApplyAsync(Replace("small", "Herons wade in shallow water."), default);
        await Assert.ThrowsAnyAsync<IOException>(() => writer.ApplyAsync(Replace("large", RandomWords(2 * 1024 * 1024)), default));
        await Assert.ThrowsAnyAsync<IOException>(() => waiting);
        Assert.Contains("space", writer.Failure, StringComparison.OrdinalIgnoreCase);

        disk.Free();
        Assert.Equal(WriteOutcome.Applied, await writer.ApplyAsync(Replace("small", "Herons wade in shallow water."), default));
        Assert.Equal(WriteOutcome.Applied, await writer.ApplyAsync(Replace("large", RandomWords(4096)), default));
        Assert.Null(writer.Failure);

        using var searcher = new LuceneChunkIndexReader(options);
        searcher.Refresh();
        using var snapshot = searcher.AcquireSnapshot();
        Assert.Equal(["small"], (await snapshot.SearchLexicalAsync("herons", 10, SearchFilter.None, default)).Select(h => h.DocumentId));
        Assert.Equal(2, (await snapshot.AllChunksAsync(default)).Count);
    }

    [SkippableFact]
    public async Task AnOlderVersionIsNotAnsweredStaleUntilTheNewerVersionItLostToIsCommitted()
    {
        var (disk, _, opened) = OpenOnAFullDisk();
        using var onDisk = disk;
        await using var writer = opened;

        // Version 2 waits for its commit; version 1 loses to it; then the commit is lost to a full disk.
        var newer = writer.ApplyAsync(Replace("doc", "Herons wade in shallow water.", version: 2), default);
        var older = writer.ApplyAsync(Replace("doc", "Herons stand still.", version: 1), default);
        await Assert.ThrowsAnyAsync<IOException>(() => writer.ApplyAsync(Replace("large", RandomWords(2 * 1024 * 1024)), default));

        await Assert.ThrowsAnyAsync<IOException>(() => newer);
        // Answered Stale, version 1 would have been dropped for a version 2 the index never kept.
        await Assert.ThrowsAnyAsync<IOException>(() => older);
        disk.Free();
        Assert.Equal(WriteOutcome.Applied, await writer.ApplyAsync(Replace("doc", "Herons stand still.", version: 1), default));
        Assert.Equal(WriteOutcome.Stale, await writer.ApplyAsync(Replace("doc", "Herons stand still.", version: 0), default));
    }

    /// <summary>A writer on a disk of its own, filled but for 64 KiB; its commit window is long enough that the writes of a test wait for the same commit.</summary>
    private static (SmallFileSystem Disk, IOptions<IndexOptions> Options, LuceneChunkIndexWriter Writer) OpenOnAFullDisk()
    {
        var (mounted, why) = SmallFileSystem.TryMount(16 * 1024 * 1024);
        Skip.If(mounted is null, why);
        var options = Options.Create(new IndexOptions { DataPath = Path.Combine(mounted!.Path, "index"), CommitDelay = TimeSpan.FromSeconds(2) });
        var writer = LuceneChunkIndexWriter.Open(options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        mounted.FillLeaving(64 * 1024);
        return (mounted, options, writer);
    }

    private static ReplaceDocument Replace(string id, string text, long version = 1) =>
        new(id, version, id, "text/plain", ["tag"], Model.ModelId, [new IndexedChunk($"{id}@{version}#0", 0, text, 0, text.Length, Vector)]);

    /// <summary>Text that compresses poorly, so its stored fields reach the disk while it is added.</summary>
    private static string RandomWords(int length)
    {
        var letters = new char[length];
        for (var i = 0; i < length; i++)
        {
            letters[i] = i % 8 == 7 ? ' ' : (char)('a' + Random.Shared.Next(26));
        }

        return new string(letters);
    }
}
