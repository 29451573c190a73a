using Ingestion.Core.Messaging;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Consumers;

public sealed class DocumentUpsertedConsumerDefinition(IOptions<WorkerOptions> options)
    : IngestionConsumerDefinition<DocumentUpsertedConsumer>(options?.Value!);
