namespace Ingestion.Core.Messaging;

/// <summary>
/// The receive queues of the ingestion consumers (MassTransit's kebab-case names of the consumers) and
/// their error queues, where messages that exhausted their retries wait to be redriven.
/// </summary>
public static class QueueNames
{
    public const string DocumentUpserted = "document-upserted";
    public const string DocumentEmbedded = "document-embedded";
    public const string DocumentDeleted = "document-deleted";

    /// <summary>
    /// Embedded documents larger than <c>Worker:LargeMessageBytes</c>, sent here rather than published, so the indexer
    /// takes only a few of them ahead (<c>Indexer:LargePrefetchCount</c>) while it takes many small ones.
    /// </summary>
    public const string LargeDocumentEmbedded = "document-embedded-large";

    public static IReadOnlyList<string> Ingestion { get; } = [DocumentUpserted, DocumentEmbedded, LargeDocumentEmbedded, DocumentDeleted];

    public static string ErrorQueueOf(string queue) => queue + "_error";
}
