using Microsoft.Extensions.Options;

namespace Ingestion.Indexer.Consumers;

public sealed class DocumentDeletedConsumerDefinition(IOptions<IndexerOptions> options)
    : IndexerConsumerDefinition<DocumentDeletedConsumer>(options);
