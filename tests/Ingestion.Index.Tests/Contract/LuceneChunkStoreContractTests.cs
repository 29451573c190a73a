using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Contract;

/// <summary>The contract on the embedded store, in a folder of its own per test.</summary>
public sealed class LuceneChunkStoreContractTests : ChunkStoreContract
{
    protected override string? Unavailable => null;

    protected override Task<StoreUnderTest> OpenAsync(EmbeddingModelInfo model)
    {
        var options = Options.Create(new IndexOptions { DataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N")), CommitDelay = TimeSpan.Zero });
        var writer = LuceneChunkIndexWriter.Open(options, model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        var searcher = new LuceneChunkIndexReader(options);
        var writerOpen = true;
        return Task.FromResult(new StoreUnderTest(
            writer,
            searcher,
            () =>
            {
                searcher.Refresh();
                return Task.CompletedTask;
            },
            async other =>
            {
                // One writer per folder: the test's writer steps aside while another model tries to open the index.
                await writer.DisposeAsync();
                writerOpen = false;
                await using var foreign = LuceneChunkIndexWriter.Open(options, other, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
            },
            async () =>
            {
                // One block write per document: the store cannot hold chunks its version check did not admit.
                searcher.Refresh();
                using var snapshot = searcher.AcquireSnapshot();
                return [.. (await snapshot.AllChunksAsync(default)).Select(c => $"{c.DocumentId}@{c.Version}#{c.Ordinal}")];
            },
            null,
            async () =>
            {
                searcher.Dispose();
                if (writerOpen)
                {
                    await writer.DisposeAsync();
                }

                Directory.Delete(options.Value.DataPath, recursive: true);
            }));
    }
}
