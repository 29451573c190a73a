using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Embeddings;
using MassTransit;

namespace Ingestion.Core.Messaging;

/// <summary>
/// How the ingestion consumers meet failure. Transient faults (Redis, the store, the broker restarting)
/// are retried with exponential backoff for about a minute, long enough to outlast a server restart;
/// permanent ones (content that cannot be read, vectors of another model) are not retried at all. A
/// message that exhausts its retries goes to the endpoint's <c>_error</c> queue and its document is
/// marked failed (see the fault consumers).
/// </summary>
public static class IngestionRetry
{
    public const int DefaultRetryLimit = 8;

    public static void Configure(IReceiveEndpointConfigurator endpoint, IConsumerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(limits);
        endpoint.PrefetchCount = limits.PrefetchCount;
        endpoint.UseMessageRetry(retry => Policy(retry, limits.RetryLimit));
    }

    public static void Policy(IRetryConfigurator retry, int retryLimit)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Exponential(retryLimit, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500));
        retry.Ignore<ExtractionException>();
        retry.Ignore<EmbeddingModelMismatchException>();
    }
}
