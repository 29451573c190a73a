using Ingestion.Core.Messaging;
using Microsoft.Extensions.Options;

namespace Ingestion.Indexer.Consumers;

public sealed class DocumentEmbeddedConsumerDefinition(IOptions<IndexerOptions> options)
    : IngestionConsumerDefinition<DocumentEmbeddedConsumer>(options?.Value!);
