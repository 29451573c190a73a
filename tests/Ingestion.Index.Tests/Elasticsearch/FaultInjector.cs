using System.Net;
using System.Text;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>
/// Sits between the client and a cluster (the stand-in, or a real one) and makes chosen requests fail before they
/// reach it: the next request of a given step answered 503 as a cluster with an unavailable shard answers, or every
/// request from some point on failing to connect, as when the writing process dies there.
/// </summary>
internal sealed class FaultInjector : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly List<StoreStep> _failNext = [];
    private int _requestsUntilCrash = -1;

    public FaultInjector(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>The requests that reached the cluster, in order.</summary>
    public List<ClusterRequest> Forwarded { get; } = [];

    /// <summary>The next request of <paramref name="step"/> is refused with 503 without reaching the cluster.</summary>
    public void FailNext(StoreStep step)
    {
        lock (_gate)
        {
            _failNext.Add(step);
        }
    }

    /// <summary>After <paramref name="requests"/> more requests reach the cluster, nothing does until <see cref="Restart"/>.</summary>
    public void CrashAfter(int requests) => _requestsUntilCrash = requests;

    public void Restart() => _requestsUntilCrash = -1;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var read = await ClusterRequest.ReadAsync(request, cancellationToken);
        lock (_gate)
        {
            if (_requestsUntilCrash == 0)
            {
                throw new HttpRequestException($"Injected crash before {read}.");
            }

            if (_failNext.Remove(read.Step))
            {
                return Unavailable(request);
            }

            if (_requestsUntilCrash > 0)
            {
                _requestsUntilCrash--;
            }

            Forwarded.Add(read);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static HttpResponseMessage Unavailable(HttpRequestMessage request)
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            RequestMessage = request,
            Content = new StringContent(
                """{"error":{"root_cause":[{"type":"unavailable_shards_exception","reason":"[chunks][0] primary shard is not active"}],"type":"unavailable_shards_exception","reason":"[chunks][0] primary shard is not active"},"status":503}""",
                Encoding.UTF8,
                "application/json"),
        };
        response.Headers.Add("X-Elastic-Product", "Elasticsearch");
        return response;
    }
}
