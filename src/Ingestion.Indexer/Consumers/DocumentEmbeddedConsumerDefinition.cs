using Microsoft.Extensions.Options;

namespace Ingestion.Indexer.Consumers;

public sealed class DocumentEmbeddedConsumerDefinition(IOptions<IndexerOptions> options)
    : IndexerConsumerDefinition<DocumentEmbeddedConsumer>(options);
