using System.Text;
using Ingestion.Contracts;
using Ingestion.Core.Status;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Worker.Tests;

/// <summary>
/// The worker's consumer on MassTransit's in-memory harness: a document becomes one <c>DocumentEmbedded</c> with
/// the real encoder's vectors; content that is too costly to read fails at once with the reason, publishing nothing.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class DocumentUpsertedConsumerTests(LocalRedis redis)
{
    /// <summary>
    /// Read what the harness has seen so far, without its own waiting: its lists otherwise wait for the bus to be
    /// inactive, which can come before a slow consumer has begun. Tests wait on the condition with Eventually instead.
    /// </summary>
    private static readonly CancellationToken SoFar = new(canceled: true);

    [Fact]
    public async Task ADocumentIsPublishedEmbeddedWithAVectorPerChunk()
    {
        await using var worker = await HarnessHost.StartAsync(redis, b => b.AddIngestionWorker());
        var id = $"doc-{Guid.NewGuid():N}";

        await worker.Harness.Bus.Publish(Upserted(id, "Puffins nest in burrows on cliff tops.\n\nThey eat sand eels."));

        await Eventually.TrueAsync(() => Task.FromResult(worker.Harness.Published.Select<DocumentEmbedded>(m => m.Context.Message.DocumentId == id, SoFar).Any()), "the document published embedded");
        var embedded = worker.Harness.Published.Select<DocumentEmbedded>(m => m.Context.Message.DocumentId == id, SoFar).Single().Context.Message;
        Assert.NotEmpty(embedded.Chunks);
        Assert.All(embedded.Chunks, c => Assert.Equal(384 * sizeof(float), c.Vector.Length));
    }

    [Fact]
    public async Task ADocumentWhoseReadingRunsOverTheStepTimeBudgetFailsAtOnceWithTheReasonAndPublishesNothing()
    {
        await using var worker = await HarnessHost.StartAsync(redis, b => b.AddIngestionWorker(), new Dictionary<string, string?> { ["Worker:StepTimeBudget"] = "00:00:00.001" });
        var id = $"costly-{Guid.NewGuid():N}";
        var text = new StringBuilder();
        for (var i = 0; text.Length < 200_000; i++)
        {
            text.Append("Sentence number ").Append(i).Append(" says little. ");
            if (i % 20 == 19)
            {
                text.Append("\n\n");
            }
        }

        await worker.Harness.Bus.Publish(Upserted(id, text.ToString()));

        // Waits on the status the consumer records last, not on the harness's inactivity: reading 200 KB can outlast
        // the harness's idea of idle, which then answered before the consumer had begun.
        var status = worker.Services.GetRequiredService<IDocumentStatusStore>();
        await Eventually.TrueAsync(async () => await status.GetAsync(id, default) is { State: DocumentState.Failed }, $"{id} to be failed");
        var failed = (await status.GetAsync(id, default))!;
        Assert.True(failed.FailedStep is "extract" or "chunk", $"failed at {failed.FailedStep}");
        Assert.Equal(1, failed.Attempts); // permanent: not retried
        Assert.Contains("Worker:StepTimeBudget", failed.Error, StringComparison.Ordinal);
        Assert.Empty(worker.Harness.Published.Select<DocumentEmbedded>(m => m.Context.Message.DocumentId == id, SoFar));
    }

    [Fact]
    public async Task ADocumentLargerThanTheLargeMessageSizeIsSentToTheQueueForLargeDocumentsAndNotPublished()
    {
        await using var worker = await HarnessHost.StartAsync(redis, b => b.AddIngestionWorker(), new Dictionary<string, string?> { ["Worker:LargeMessageBytes"] = "16384" });
        var small = $"small-{Guid.NewGuid():N}";
        var large = $"large-{Guid.NewGuid():N}";
        var text = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            text.Append("Paragraph ").Append(i).Append(" tells of gannets that dive from thirty metres, fold their wings and seize fish below the surface before they rise again to the colony.\n\n");
        }

        await worker.Harness.Bus.Publish(Upserted(small, "Terns migrate from pole to pole."));
        await worker.Harness.Bus.Publish(Upserted(large, text.ToString()));

        await Eventually.TrueAsync(() => Task.FromResult(worker.Harness.Sent.Select<DocumentEmbedded>(m => m.Context.Message.DocumentId == large && m.Context.DestinationAddress!.AbsolutePath.EndsWith("/document-embedded-large", StringComparison.Ordinal), SoFar).Any()), "the large document sent to its queue");
        await Eventually.TrueAsync(() => Task.FromResult(worker.Harness.Published.Select<DocumentEmbedded>(m => m.Context.Message.DocumentId == small, SoFar).Any()), "the small document published");
        // The consumer either sends a document or publishes it, and it has sent this one: it will not publish it too.
        Assert.Empty(worker.Harness.Published.Select<DocumentEmbedded>(m => m.Context.Message.DocumentId == large, SoFar));
        var sent = worker.Harness.Sent.Select<DocumentEmbedded>(m => m.Context.Message.DocumentId == large, SoFar).Single().Context.Message;
        Assert.True(sent.EstimatedBytes() > 16384, $"estimated {sent.EstimatedBytes()} bytes");
    }

    private static DocumentUpserted Upserted(string id, string content) => new()
    {
        DocumentId = id,
        Version = 1,
        Title = id,
        ContentType = "text/plain",
        Content = content,
        Tags = [],
        OccurredAt = DateTimeOffset.UtcNow,
    };
}
