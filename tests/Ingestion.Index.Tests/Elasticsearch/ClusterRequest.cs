using System.Collections.Specialized;
using System.IO.Compression;
using System.Text;
using System.Web;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>A request as Elasticsearch receives it: method, unescaped path segments, query string and the body, un-gzipped.</summary>
internal sealed record ClusterRequest(string Method, IReadOnlyList<string> Path, NameValueCollection Query, string Body, HttpRequestMessage Message)
{
    public static async Task<ClusterRequest> ReadAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var body = string.Empty;
        if (request.Content is not null)
        {
            // Buffered, so a handler after this one can still read it.
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            if (request.Content.Headers.ContentEncoding.Contains("gzip"))
            {
                await using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var reader = new StreamReader(gzip, Encoding.UTF8);
                body = await reader.ReadToEndAsync(cancellationToken);
            }
            else
            {
                body = Encoding.UTF8.GetString(bytes);
            }
        }

        return new ClusterRequest(request.Method.Method, segments, HttpUtility.ParseQueryString(uri.Query), body, request);
    }

    /// <summary>
    /// The media type Elasticsearch answers in: the compatible-with media type the request accepts
    /// (<c>application/vnd.elasticsearch+json; compatible-with=9</c>), or plain JSON (bulk requests accept that).
    /// </summary>
    public static System.Net.Http.Headers.MediaTypeHeaderValue AnswerMediaType(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accepted = request.Headers.Accept.FirstOrDefault(a => a.MediaType == "application/vnd.elasticsearch+json");
        return accepted is null ? new("application/json") : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(accepted.ToString());
    }

    /// <summary>Which step of the store's protocol this request is.</summary>
    public StoreStep Step => (Method, Path) switch
    {
        ("GET", [_, "_doc", _]) => StoreStep.ManifestRead,
        ("PUT" or "POST", [_, "_doc" or "_create", _]) => StoreStep.ManifestWrite,
        ("POST" or "PUT", [_, "_bulk"] or ["_bulk"]) when Body.Contains("{\"index\":", StringComparison.Ordinal) => StoreStep.ChunkWrite,
        ("POST" or "PUT", [_, "_bulk"] or ["_bulk"]) => StoreStep.ChunkDelete,
        ("POST", [_, "_delete_by_query"]) => StoreStep.OlderChunksDelete,
        _ => StoreStep.Other,
    };

    public override string ToString() => $"{Method} /{string.Join('/', Path)}{Message.RequestUri!.Query}";
}

/// <summary>The requests a write makes, in order: read the manifest, write chunks, set the manifest, delete the replaced chunks, delete older leftovers.</summary>
public enum StoreStep
{
    Other,
    ManifestRead,
    ChunkWrite,
    ManifestWrite,
    ChunkDelete,
    OlderChunksDelete,
}
