using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Consumers;

public sealed class DocumentDeletedConsumerDefinition(IOptions<WorkerOptions> options)
    : IngestionConsumerDefinition<DocumentDeletedConsumer>(options);
