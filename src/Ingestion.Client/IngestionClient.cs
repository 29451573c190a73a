using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Client.Model;

namespace Ingestion.Client;

/// <summary>
/// The gateway's HTTP API, typed: documents, statuses, search (ranked, or grouped by document and paged through its
/// cursors), ask and the index's state. A refusal is an <see cref="IngestionProblemException"/> carrying the
/// gateway's ProblemDetails; a 429 is waited out as its <c>Retry-After</c> says, a few times; every call is a span
/// whose trace the gateway continues.
/// </summary>
public sealed partial class IngestionClient : IDisposable
{
    /// <summary>Ids per status request: the gateway's default <c>Gateway:MaxStatusBatch</c>.</summary>
    public const int StatusBatchSize = 1000;

    /// <summary>The gateway's JSON: camelCase names and enumerations, absent values left out.</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    private readonly HttpClient _http;
    private readonly IngestionClientOptions _options;
    private bool _ownsHttp;

    /// <summary>A client over <paramref name="http"/>, whose base address is the gateway and whose handlers add the credential (see <see cref="Create"/>).</summary>
    public IngestionClient(HttpClient http, IngestionClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _options = options ?? new IngestionClientOptions();
        if (_http.BaseAddress is null && _options.Endpoint is { } endpoint)
        {
            _http.BaseAddress = endpoint;
        }
    }

    /// <summary>The gateway's address.</summary>
    public Uri? BaseAddress => _http.BaseAddress;

    /// <summary>A client of its own HttpClient, sending <paramref name="options"/>' credential; <paramref name="inner"/> replaces the network (tests).</summary>
    public static IngestionClient Create(IngestionClientOptions options, HttpMessageHandler? inner = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new CredentialHandler(options) { InnerHandler = inner ?? new SocketsHttpHandler() };
        var http = new HttpClient(handler) { BaseAddress = options.Endpoint, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        return new IngestionClient(http, options) { _ownsHttp = true };
    }

    public Task<DocumentAccepted> PutDocumentAsync(string id, DocumentChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return SendAsync<DocumentAccepted>("put document", () =>
        {
            // A body over the gateway's limit is refused (413, with the reason) before it is sent.
            var request = new HttpRequestMessage(HttpMethod.Put, DocumentPath(id)) { Content = JsonContent.Create(change, options: Json) };
            request.Headers.ExpectContinue = true;
            return request;
        }, cancellationToken)!;
    }

    public Task<DocumentAccepted> DeleteDocumentAsync(string id, long? version = null, CancellationToken cancellationToken = default)
    {
        var path = version is { } v ? $"{DocumentPath(id)}?version={v.ToString(CultureInfo.InvariantCulture)}" : DocumentPath(id);
        return SendAsync<DocumentAccepted>("delete document", () => new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken)!;
    }

    /// <summary>The document's status, or null when the gateway does not know it (or the caller may not read it).</summary>
    public Task<DocumentStatus?> GetStatusAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<DocumentStatus>("get status", () => new HttpRequestMessage(HttpMethod.Get, DocumentPath(id)), cancellationToken, notFoundIsNull: true);

    /// <summary>The statuses of many documents, asked <see cref="StatusBatchSize"/> at a time.</summary>
    public async Task<DocumentStatuses> GetStatusesAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var statuses = new List<DocumentStatus>();
        var missing = new List<string>();
        foreach (var batch in ids.Distinct(StringComparer.Ordinal).Chunk(StatusBatchSize))
        {
            var answer = await SendAsync<DocumentStatuses>("get statuses", () => new HttpRequestMessage(HttpMethod.Post, "/api/documents/status") { Content = JsonContent.Create(new { ids = batch }, options: Json) }, cancellationToken);
            statuses.AddRange(answer!.Statuses);
            missing.AddRange(answer.Missing);
        }

        return new DocumentStatuses(statuses, missing);
    }

    /// <summary>A stretch of the document's text from <paramref name="from"/>; null when the caller finds no such document.</summary>
    public Task<DocumentText?> ReadDocumentAsync(string id, int from = 0, int? length = null, CancellationToken cancellationToken = default)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"?from={from}") + (length is { } l ? string.Create(CultureInfo.InvariantCulture, $"&length={l}") : string.Empty);
        return SendAsync<DocumentText>("read document", () => new HttpRequestMessage(HttpMethod.Get, DocumentPath(id) + "/text" + query), cancellationToken, notFoundIsNull: true);
    }

    /// <summary>Ranked chunks (its parameters in the body of <c>POST /api/search</c>: a query may be longer than a URL takes).</summary>
    public Task<SearchResponse> SearchAsync(SearchRequest search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var body = SearchBody.Of(search, perDocument: null);
        return SendAsync<SearchResponse>("search", () => new HttpRequestMessage(HttpMethod.Post, "/api/search") { Content = JsonContent.Create(body, options: Json) }, cancellationToken)!;
    }

    /// <summary>
    /// Documents ranked as documents (the whole document for BM25, its best chunk for dense), with up to
    /// <paramref name="perDocument"/> of their best chunks each, page after page
    /// (<see cref="SearchRequest.K"/> documents a page) as long as the caller reads on.
    /// </summary>
    public async IAsyncEnumerable<DocumentGroup> SearchDocumentsAsync(SearchRequest search, int perDocument = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = await SearchDocumentsPageAsync(search, perDocument, cancellationToken);
        while (true)
        {
            foreach (var group in page.Documents ?? [])
            {
                yield return group;
            }

            if (page.NextCursor is not { } cursor)
            {
                yield break;
            }

            page = await NextPageAsync(cursor, search.K, cancellationToken);
        }
    }

    /// <summary>The first page of documents ranked as documents, and in <see cref="SearchResponse.NextCursor"/> the way to the next.</summary>
    public Task<SearchResponse> SearchDocumentsPageAsync(SearchRequest search, int perDocument = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var body = SearchBody.Of(search, perDocument);
        return SendAsync<SearchResponse>("search documents", () => new HttpRequestMessage(HttpMethod.Post, "/api/search") { Content = JsonContent.Create(body, options: Json) }, cancellationToken)!;
    }

    /// <summary>The page after the one that gave <paramref name="cursor"/> (a cursor is its caller's, and expires: 410).</summary>
    public Task<SearchResponse> NextPageAsync(string cursor, int? k = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cursor);
        var body = new SearchBody { Cursor = cursor, K = k };
        return SendAsync<SearchResponse>("search next page", () => new HttpRequestMessage(HttpMethod.Post, "/api/search") { Content = JsonContent.Create(body, options: Json) }, cancellationToken)!;
    }

    public Task<AskResponse> AskAsync(AskRequest ask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ask);
        return SendAsync<AskResponse>("ask", () => new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(ask, options: Json) }, cancellationToken)!;
    }

    public Task<IndexState> GetIndexAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IndexState>("get index", () => new HttpRequestMessage(HttpMethod.Get, "/api/index"), cancellationToken)!;

    /// <summary>Approves the re-index the switch gate holds (admin); an <see cref="IngestionProblemException"/> (409) when none is held.</summary>
    public Task<SwitchHold> SwitchHeldIndexAsync(CancellationToken cancellationToken = default) =>
        SendAsync<SwitchHold>("switch index", () => new HttpRequestMessage(HttpMethod.Post, "/api/index/switch"), cancellationToken)!;

    /// <summary>Lets go of the HttpClient this client made (<see cref="Create"/>); one it was given is its giver's.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string DocumentPath(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return "/api/documents/" + Uri.EscapeDataString(id);
    }

    /// <summary>How long a 429 asks to wait: its <c>Retry-After</c> in seconds or as a date (a proxy's), else a second.</summary>
    private static TimeSpan RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => TimeSpan.FromSeconds(1),
    };

    private async Task<T?> SendAsync<T>(string operation, Func<HttpRequestMessage> create, CancellationToken cancellationToken, bool notFoundIsNull = false)
        where T : class
    {
        using var activity = IngestionClientTelemetry.ActivitySource.StartActivity($"ingestion {operation}", ActivityKind.Client);
        for (var attempt = 0; ; attempt++)
        {
            using var request = create();
            Propagate(request);
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < _options.RateLimitRetries
                && RetryAfterOf(response) is var wait && wait <= _options.MaxRetryAfter)
            {
                // The gateway says when it takes this client's requests again: waiting is what it asks of a client.
                activity?.AddEvent(new ActivityEvent("rate limited", tags: new ActivityTagsCollection { ["retry_after_s"] = wait.TotalSeconds }));
                await Task.Delay(wait, cancellationToken);
                continue;
            }

            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                var problem = await ProblemOfAsync(response, cancellationToken);
                var detail = IngestionProblemException.Describe(problem);
                activity?.SetStatus(ActivityStatusCode.Error, $"{(int)response.StatusCode}");
                throw new IngestionProblemException(
                    response.StatusCode,
                    problem,
                    $"{request.Method} {request.RequestUri} failed with {(int)response.StatusCode} {response.ReasonPhrase}" + (detail.Length > 0 ? $": {detail}" : string.Empty));
            }

            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new IngestionProblemException(response.StatusCode, null, $"The gateway answered {request.Method} {request.RequestUri} with an empty body.");
        }
    }

    /// <summary>
    /// The caller's trace goes with the request whatever the handler below: .NET's own socket handler adds it only while
    /// something listens to its HTTP spans, and a handler of an app's own (or a test server's) not at all.
    /// </summary>
    private static void Propagate(HttpRequestMessage request)
    {
        if (Activity.Current is { } current)
        {
            DistributedContextPropagator.Current.Inject(current, request, static (carrier, name, value) =>
            {
                var headers = ((HttpRequestMessage)carrier!).Headers;
                if (!headers.Contains(name))
                {
                    headers.TryAddWithoutValidation(name, value);
                }
            });
        }
    }

    private static async Task<IngestionProblem?> ProblemOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<IngestionProblem>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        // Text as UTF-8, not escaped: the default escaping writes every non-ASCII character as six bytes (and a base64
        // '+' as \u002B), so a document well within the gateway's byte limit was refused as too large.
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }
}
