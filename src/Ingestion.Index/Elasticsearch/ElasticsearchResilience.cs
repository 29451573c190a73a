using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Ingestion.Index.Elasticsearch;

/// <summary>
/// Retries of the Elasticsearch client's requests, which the client does not make on a single node: 429 and 5xx
/// answers and requests that found no cluster are sent again with exponential backoff and jitter. Every request the
/// store makes may be repeated: bulk items and manifests have fixed ids, a repeated compare-and-set that had in fact
/// succeeded is refused with 409 and the writer reads the manifest again, and searches and deletes are idempotent.
/// </summary>
public static class ElasticsearchResilience
{
    public static HttpMessageHandler Around(HttpMessageHandler inner) => new ResilienceHandler(Pipeline()) { InnerHandler = inner };

    public static ResiliencePipeline<HttpResponseMessage> Pipeline() => new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();
}
