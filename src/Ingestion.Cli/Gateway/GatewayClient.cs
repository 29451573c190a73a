using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Ingestion.Cli.Gateway;

/// <summary>
/// The gateway's HTTP API for the tool. Every failure becomes a <see cref="CliException"/> with one readable
/// line: the gateway unreachable, or the gateway's ProblemDetails (its title and each field error).
/// </summary>
internal sealed class GatewayClient(HttpClient http) : IDisposable
{
    /// <summary>Ids per status query; the gateway's default <c>Gateway:MaxStatusBatch</c>.</summary>
    public const int StatusBatchSize = 1000;

    /// <summary>Tries of a request the gateway keeps refusing with 429 before giving up.</summary>
    private const int MaxRateLimitedAttempts = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Uri BaseAddress => http.BaseAddress!;

    /// <summary>A client that sends <paramref name="apiKey"/> in <c>X-Api-Key</c> or <paramref name="token"/> as a bearer token (a key wins where both are given: the gateway reads it first).</summary>
    public static GatewayClient For(Uri gateway, TimeSpan timeout, string? apiKey = null, string? token = null)
    {
        var http = new HttpClient { BaseAddress = gateway, Timeout = timeout };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        else if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return new GatewayClient(http);
    }

    public Task<Accepted> PutAsync(string id, PutDocument document, CancellationToken cancellationToken) =>
        SendAsync<Accepted>(
            () =>
            {
                // A body over the gateway's limit is then refused (413, with the reason) before it is sent.
                var request = new HttpRequestMessage(HttpMethod.Put, DocumentPath(id)) { Content = JsonContent.Create(document, options: Json) };
                request.Headers.ExpectContinue = true;
                return request;
            },
            cancellationToken)!;

    public Task<Accepted> DeleteAsync(string id, long? version, CancellationToken cancellationToken)
    {
        var path = version is { } v ? $"{DocumentPath(id)}?version={v.ToString(CultureInfo.InvariantCulture)}" : DocumentPath(id);
        return SendAsync<Accepted>(() => new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken)!;
    }

    /// <summary>The document's status, or null when the gateway has never seen it.</summary>
    public Task<DocumentStatus?> StatusAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<DocumentStatus>(() => new HttpRequestMessage(HttpMethod.Get, DocumentPath(id)), cancellationToken, notFoundIsNull: true);

    /// <summary>Statuses of many documents, asked in batches; documents never seen are left out.</summary>
    public async Task<IReadOnlyList<DocumentStatus>> StatusesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = new List<DocumentStatus>(ids.Count);
        foreach (var batch in ids.Chunk(StatusBatchSize))
        {
            var answer = await SendAsync<StatusAnswer>(() => new HttpRequestMessage(HttpMethod.Post, "/api/documents/status") { Content = JsonContent.Create(new StatusQuery(batch), options: Json) }, cancellationToken);
            found.AddRange(answer!.Statuses);
        }

        return found;
    }

    /// <summary>A search, its parameters in the body of <c>POST /api/search</c>: a query may be longer than a URL takes.</summary>
    public Task<SearchResult> SearchAsync(SearchRequest search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var body = new SearchBody(search.Query, search.Mode, search.K, search.Fusion);
        return SendAsync<SearchResult>(() => new HttpRequestMessage(HttpMethod.Post, "/api/search") { Content = JsonContent.Create(body, options: Json) }, cancellationToken)!;
    }

    public Task<IndexStateResult> IndexAsync(CancellationToken cancellationToken) =>
        SendAsync<IndexStateResult>(() => new HttpRequestMessage(HttpMethod.Get, "/api/index"), cancellationToken)!;

    public Task<AskResult> AskAsync(AskRequest ask, CancellationToken cancellationToken) =>
        SendAsync<AskResult>(() => new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(ask, options: Json) }, cancellationToken)!;

    public void Dispose() => http.Dispose();

    private static string DocumentPath(string id) => "/api/documents/" + Uri.EscapeDataString(id);

    /// <summary>
    /// Sends a request, honouring the gateway's rate limit: a 429 is retried after its <c>Retry-After</c> (a few
    /// times), as a well-behaved client does; other failures become one readable <see cref="CliException"/>.
    /// </summary>
    private async Task<T?> SendAsync<T>(Func<HttpRequestMessage> create, CancellationToken cancellationToken, bool notFoundIsNull = false)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = create();
            using var response = await SendOnceAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxRateLimitedAttempts)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                throw new GatewayRefusedException(await DescribeFailureAsync(request, response, cancellationToken));
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new CliException(await DescribeFailureAsync(request, response, cancellationToken));
            }

            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new CliException($"The gateway answered {request.Method} {request.RequestUri} with an empty body.");
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception) when (exception.InnerException is SocketException || exception.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new GatewayUnreachableException($"The gateway at {http.BaseAddress} is unreachable ({exception.Message}). Start the system (bash eng/run.sh) or point --gateway / INGEST_GATEWAY at it.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GatewayUnreachableException($"The gateway at {http.BaseAddress} did not answer {request.Method} {request.RequestUri} within {http.Timeout.TotalSeconds:F0} s.");
        }
    }

    private static async Task<string> DescribeFailureAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var what = $"{request.Method} {request.RequestUri} failed with {(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken);
            var errors = problem?.Errors?.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")).ToList() ?? [];
            var detail = errors.Count > 0 ? string.Join("; ", errors) : problem?.Detail ?? problem?.Title;
            var hint = response.StatusCode == HttpStatusCode.Unauthorized ? $" (the tool sends the key in {CliContext.ApiKeyVariable}, or the bearer token in {CliContext.TokenVariable})" : string.Empty;
            return detail is null ? what + hint : $"{what}: {detail}{hint}";
        }
        catch (JsonException)
        {
            return what;
        }
    }
}
