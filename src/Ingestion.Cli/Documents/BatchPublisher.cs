using Ingestion.Cli.Gateway;
using Ingestion.Client.Model;

namespace Ingestion.Cli.Documents;

/// <summary>
/// Sends many document changes to the gateway side by side. A change the gateway refuses is recorded with its
/// reason and the rest go on; an unreachable gateway stops the batch, since nothing else could succeed. Upserts name
/// <paramref name="readers"/> where given (else the gateway's default applies).
/// </summary>
internal sealed class BatchPublisher(GatewayClient gateway, int parallelism, IReadOnlyList<string>? readers = null)
{
    public async Task<IReadOnlyList<PublishResult>> RunAsync<T>(
        IReadOnlyList<T> items,
        Func<T, CancellationToken, Task<DocumentAccepted>> send,
        Func<T, string> idOf,
        Action<PublishResult>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(idOf);
        var results = new PublishResult[items.Count];
        await Parallel.ForAsync(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, token) =>
        {
            PublishResult result;
            try
            {
                var accepted = await send(items[i], token);
                result = new PublishResult(accepted.DocumentId, accepted.Version, null);
            }
            catch (CliException exception) when (exception is not GatewayUnreachableException)
            {
                result = new PublishResult(idOf(items[i]), null, exception.Message);
            }

            results[i] = result;
            progress?.Invoke(result);
        });
        return results;
    }

    /// <summary>Upserts local files.</summary>
    public Task<IReadOnlyList<PublishResult>> PublishAsync(IReadOnlyList<LocalDocument> documents, Action<PublishResult>? progress, CancellationToken cancellationToken) =>
        RunAsync(
            documents,
            async (document, token) =>
            {
                var content = await LocalFiles.ReadContentAsync(document, token);
                return await gateway.PutAsync(document.Id, new DocumentChange(document.ContentType, content, Path.GetFileName(document.Path), null, document.Version, null, readers), token);
            },
            document => document.Id,
            progress,
            cancellationToken);
}
