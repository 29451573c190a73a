using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>
/// The few REST calls the store makes, over the named <see cref="HttpClient"/> <see cref="HttpClientName"/> whose base
/// address is the cluster (the service defaults give it backoff on 429 and 5xx). A refused request throws
/// <see cref="ElasticsearchException"/> with Elasticsearch's error type and reason.
/// </summary>
public sealed class ElasticsearchClient(IHttpClientFactory httpClients, IOptions<ElasticsearchOptions> options)
{
    public const string HttpClientName = "elasticsearch";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson");

    // The factory pools handlers; a client per call is how it is meant to be used from a long-lived service.
    private HttpClient http => httpClients.CreateClient(HttpClientName);

    /// <summary>The index the alias points at, or null when there is no such alias.</summary>
    public async Task<string?> ResolveAliasAsync(string alias, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"_alias/{Uri.EscapeDataString(alias)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await ReadAsync(response, cancellationToken);
        return body.AsObject().Select(p => p.Key).OrderDescending(StringComparer.Ordinal).First();
    }

    /// <summary>The model recorded in the index mapping's <c>_meta</c>, or null when it records none.</summary>
    public async Task<EmbeddingModelInfo?> ModelOfAsync(string index, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"{Uri.EscapeDataString(index)}/_mapping", cancellationToken);
        var body = await ReadAsync(response, cancellationToken);
        var meta = body[index]?["mappings"]?["_meta"];
        return meta?[ElasticsearchSchema.ModelIdMeta]?.GetValue<string>() is { } model && meta[ElasticsearchSchema.DimensionMeta] is { } dimension
            ? new EmbeddingModelInfo(model, dimension.GetValue<int>())
            : null;
    }

    /// <summary>Creates the index; one created meanwhile by another process is fine.</summary>
    public async Task CreateIndexAsync(string index, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, Json);
        using var response = await http.PutAsync(Uri.EscapeDataString(index), content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest && (await ErrorOfAsync(response, cancellationToken)).Type == "resource_already_exists_exception")
        {
            return;
        }

        await ReadAsync(response, cancellationToken);
    }

    /// <summary>A document as of now (GET is real time: it sees writes not yet refreshed), or null.</summary>
    public async Task<GetResponseBody?> GetAsync(string index, string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"{Uri.EscapeDataString(index)}/_doc/{Uri.EscapeDataString(id)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadAsync(response, ElasticsearchJson.Default.GetResponseBody, cancellationToken);
    }

    /// <summary>
    /// Writes a document only if it is unchanged since it was read (<c>if_seq_no</c>, <c>if_primary_term</c>), or, when
    /// it was not there, only if it still is not (<c>_create</c>). False when another writer came first (409).
    /// </summary>
    public async Task<bool> CompareAndSetAsync(string index, string id, StoredSource source, GetResponseBody? read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var path = read is { SeqNo: { } seqNo, PrimaryTerm: { } term }
            ? $"{Uri.EscapeDataString(index)}/_doc/{Uri.EscapeDataString(id)}?if_seq_no={seqNo}&if_primary_term={term}"
            : $"{Uri.EscapeDataString(index)}/_create/{Uri.EscapeDataString(id)}";
        using var content = new StringContent(JsonSerializer.Serialize(source, ElasticsearchJson.Default.StoredSource), Encoding.UTF8, Json);
        using var response = await http.PutAsync(path, content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        await ReadAsync(response, cancellationToken);
        return true;
    }

    /// <summary>
    /// Sends the operations in bounded bulk requests; items refused with 429 or 5xx are sent again with exponential
    /// backoff up to <see cref="ElasticsearchOptions.ItemRetries"/> times. Throws, naming them, when items fail for good.
    /// </summary>
    public async Task BulkAsync(string index, IReadOnlyList<BulkOperation> operations, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        IReadOnlyList<BulkOperation> pending = operations;
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var retry = new List<BulkOperation>();
            var failed = new List<string>();
            foreach (var (body, batch) in ElasticsearchBulk.Requests(index, pending, settings.BulkMaxBytes, settings.BulkMaxItems))
            {
                using var content = new StringContent(body, Encoding.UTF8, NdJson);
                using var response = await http.PostAsync("_bulk", content, cancellationToken);
                var outcome = ElasticsearchBulk.Classify(await ReadAsync(response, ElasticsearchJson.Default.BulkResponseBody, cancellationToken), batch);
                retry.AddRange(outcome.Retry);
                failed.AddRange(outcome.Failed);
            }

            if (failed.Count > 0)
            {
                throw new ElasticsearchException($"{failed.Count} bulk operations failed: {string.Join("; ", failed.Take(5))}");
            }

            if (retry.Count > 0 && attempt >= settings.ItemRetries)
            {
                throw new ElasticsearchException(HttpStatusCode.TooManyRequests, "bulk_items_rejected", $"{retry.Count} bulk operations were still refused after {settings.ItemRetries} retries.");
            }

            if (retry.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)), cancellationToken);
            }

            pending = retry;
        }
    }

    public async Task<SearchResponseBody> SearchAsync(string target, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, Json);
        using var response = await http.PostAsync($"{Uri.EscapeDataString(target)}/_search", content, cancellationToken);
        return await ReadAsync(response, ElasticsearchJson.Default.SearchResponseBody, cancellationToken);
    }

    /// <summary>Several documents at once; <paramref name="realtime"/> false reads the refreshed (searchable) state.</summary>
    public async Task<MultiGetResponseBody> MultiGetAsync(string target, JsonObject body, bool realtime, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, Json);
        using var response = await http.PostAsync($"{Uri.EscapeDataString(target)}/_mget?realtime={(realtime ? "true" : "false")}", content, cancellationToken);
        return await ReadAsync(response, ElasticsearchJson.Default.MultiGetResponseBody, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken)
            ?? throw new ElasticsearchException($"Elasticsearch answered {response.RequestMessage?.RequestUri} with an empty body.");
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) ?? new JsonObject();
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var error = await ErrorOfAsync(response, cancellationToken);
        throw new ElasticsearchException(
            response.StatusCode,
            error.Type,
            $"Elasticsearch refused {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {error.Type}: {error.Reason}");
    }

    /// <summary>The error object of a refused request; bodies that are not Elasticsearch's error JSON are quoted as they are.</summary>
    public static async Task<ErrorCause> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return ParseError(text);
    }

    public static ErrorCause ParseError(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, ElasticsearchJson.Default.ErrorResponseBody)?.Error ?? new ErrorCause(null, text);
        }
        catch (JsonException)
        {
            return new ErrorCause(null, text.Length > 500 ? text[..500] : text);
        }
    }
}
