using System.Net;
using System.Text;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>Answers each request with the next of the responses it is given (as Elasticsearch sends them, product header included), and records the requests.</summary>
internal sealed class CannedCluster : HttpMessageHandler
{
    private readonly Queue<(HttpStatusCode Status, string Body)> _answers = new();

    public List<ClusterRequest> Requests { get; } = [];

    public CannedCluster Answer(HttpStatusCode status, string body)
    {
        _answers.Enqueue((status, body));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(await ClusterRequest.ReadAsync(request, cancellationToken));
        var (status, body) = _answers.Count > 0 ? _answers.Dequeue() : throw new InvalidOperationException($"No answer left for {Requests[^1]}.");
        var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8) };
        response.Content.Headers.ContentType = body.StartsWith('<') ? new("text/html") : ClusterRequest.AnswerMediaType(request);
        if (!body.StartsWith('<'))
        {
            // A proxy's error page (HTML) comes without it.
            response.Headers.Add("X-Elastic-Product", "Elasticsearch");
        }

        return response;
    }
}
