using System.Net;
using System.Net.Sockets;
using Ingestion.Client;
using Ingestion.Client.Model;

namespace Ingestion.Cli.Gateway;

/// <summary>
/// The gateway for the tool: <see cref="IngestionClient"/> (its wire types are the tool's), with every failure turned
/// into a <see cref="CliException"/> of one readable line: the gateway unreachable, a request refused as bad input
/// (which other requests may survive), or any other refusal with the gateway's reasons.
/// </summary>
internal sealed class GatewayClient(IngestionClient client, TimeSpan timeout) : IDisposable
{
    /// <summary>Tries of a request the gateway keeps refusing with 429 (a batch publish runs into the write limit by design).</summary>
    private const int RateLimitRetries = 20;

    public Uri BaseAddress => client.BaseAddress!;

    /// <summary>A client that sends <paramref name="apiKey"/> in <c>X-Api-Key</c> or <paramref name="token"/> as a bearer token (a key wins where both are given: the gateway reads it first).</summary>
    public static GatewayClient For(Uri gateway, TimeSpan timeout, string? apiKey = null, string? token = null) =>
        new(IngestionClient.Create(
            new IngestionClientOptions
            {
                Endpoint = gateway,
                ApiKey = apiKey,
                TokenProvider = token is null ? null : _ => ValueTask.FromResult<string?>(token),
                RateLimitRetries = RateLimitRetries,
            },
            timeout: timeout), timeout);

    public Task<DocumentAccepted> PutAsync(string id, DocumentChange document, CancellationToken cancellationToken) =>
        CallAsync(() => client.PutDocumentAsync(id, document, cancellationToken), cancellationToken);

    public Task<DocumentAccepted> DeleteAsync(string id, long? version, CancellationToken cancellationToken) =>
        CallAsync(() => client.DeleteDocumentAsync(id, version, cancellationToken), cancellationToken);

    /// <summary>The document's status, or null when the gateway has never seen it.</summary>
    public Task<DocumentStatus?> StatusAsync(string id, CancellationToken cancellationToken) =>
        CallAsync(() => client.GetStatusAsync(id, cancellationToken), cancellationToken);

    /// <summary>Statuses of many documents, asked in batches; documents never seen are left out.</summary>
    public async Task<IReadOnlyList<DocumentStatus>> StatusesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        (await CallAsync(() => client.GetStatusesAsync(ids, cancellationToken), cancellationToken)).Statuses;

    public Task<SearchResponse> SearchAsync(SearchRequest search, CancellationToken cancellationToken) =>
        CallAsync(() => client.SearchAsync(search, cancellationToken), cancellationToken);

    /// <summary>A grouped search's first page: documents ranked as documents, with <paramref name="perDocument"/> chunks each.</summary>
    public Task<SearchResponse> SearchDocumentsAsync(SearchRequest search, int perDocument, CancellationToken cancellationToken) =>
        CallAsync(() => client.SearchDocumentsPageAsync(search, perDocument, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<JudgmentSetSummary>> JudgmentSetsAsync(CancellationToken cancellationToken) =>
        CallAsync(() => client.ListJudgmentSetsAsync(cancellationToken), cancellationToken);

    public Task<JudgmentSet?> JudgmentSetAsync(string name, CancellationToken cancellationToken) =>
        CallAsync(() => client.GetJudgmentSetAsync(name, cancellationToken), cancellationToken);

    public Task<JudgmentSetSummary> PutJudgmentSetAsync(string name, JudgmentSetImport set, CancellationToken cancellationToken) =>
        CallAsync(() => client.PutJudgmentSetAsync(name, set, cancellationToken), cancellationToken);

    public Task<JudgmentSetSummary?> DeleteJudgmentSetAsync(string name, CancellationToken cancellationToken) =>
        CallAsync(() => client.DeleteJudgmentSetAsync(name, cancellationToken), cancellationToken);

    public Task<ExperimentReport?> ExperimentAsync(string name, CancellationToken cancellationToken) =>
        CallAsync(() => client.GetExperimentAsync(name, cancellationToken), cancellationToken);

    public Task<IndexState> IndexAsync(CancellationToken cancellationToken) =>
        CallAsync(() => client.GetIndexAsync(cancellationToken), cancellationToken);

    public Task<SwitchHold> SwitchHeldIndexAsync(CancellationToken cancellationToken) =>
        CallAsync(() => client.SwitchHeldIndexAsync(cancellationToken), cancellationToken);

    public Task<AskResponse> AskAsync(AskRequest ask, CancellationToken cancellationToken) =>
        CallAsync(() => client.AskAsync(ask, cancellationToken), cancellationToken);

    /// <summary>The search mode a command-line word names (hybrid, bm25, dense).</summary>
    public static SearchMode ModeOf(string mode) => Enum.Parse<SearchMode>(mode, ignoreCase: true);

    public void Dispose() => client.Dispose();

    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (IngestionProblemException exception) when (exception.StatusCode == HttpStatusCode.BadRequest)
        {
            throw new GatewayRefusedException(exception.Message);
        }
        catch (IngestionProblemException exception)
        {
            var hint = exception.StatusCode == HttpStatusCode.Unauthorized ? $" (the tool sends the key in {CliContext.ApiKeyVariable}, or the bearer token in {CliContext.TokenVariable})" : string.Empty;
            throw new CliException(exception.Message + hint);
        }
        catch (HttpRequestException exception) when (exception.InnerException is SocketException || exception.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new GatewayUnreachableException($"The gateway at {BaseAddress} is unreachable ({exception.Message}). Start the system (bash eng/run.sh) or point --gateway / INGEST_GATEWAY at it.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GatewayUnreachableException($"The gateway at {BaseAddress} did not answer within {timeout.TotalSeconds:F0} s.");
        }
    }
}
