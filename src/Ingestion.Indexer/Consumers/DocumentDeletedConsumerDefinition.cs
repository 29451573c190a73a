using Ingestion.Core.Messaging;
using Microsoft.Extensions.Options;

namespace Ingestion.Indexer.Consumers;

public sealed class DocumentDeletedConsumerDefinition(IOptions<IndexerOptions> options)
    : IngestionConsumerDefinition<DocumentDeletedConsumer>(options?.Value!);
