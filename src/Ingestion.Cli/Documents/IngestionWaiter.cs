using Ingestion.Cli.Gateway;
using Ingestion.Client.Model;

namespace Ingestion.Cli.Documents;

/// <summary>
/// Waits until every published version has an outcome: indexed (and searchable), deleted, failed with its reason, or superseded by
/// a newer version of the same document (whose outcome is not this batch's to wait for). Polls the gateway's
/// batch status endpoint; the timeout turns a stuck batch into a clear error instead of a hang.
/// </summary>
internal sealed class IngestionWaiter(GatewayClient gateway, TimeSpan pollInterval)
{
    public async Task<IReadOnlyList<IngestionOutcome>> WaitAsync(
        IReadOnlyList<PublishResult> published,
        TimeSpan timeout,
        Action<int>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        var pending = published.Where(p => p.Accepted).ToDictionary(p => p.DocumentId, p => p.Version!.Value, StringComparer.Ordinal);
        var outcomes = new List<IngestionOutcome>(pending.Count);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (pending.Count > 0)
            {
                foreach (var status in await gateway.StatusesAsync(pending.Keys, deadline.Token))
                {
                    if (pending.TryGetValue(status.DocumentId, out var version) && OutcomeOf(status, version) is { } outcome)
                    {
                        outcomes.Add(outcome);
                        pending.Remove(status.DocumentId);
                    }
                }

                progress?.Invoke(outcomes.Count);
                if (pending.Count > 0)
                {
                    await Task.Delay(pollInterval, deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var examples = string.Join(", ", pending.Keys.Take(5));
            throw new CliException($"{pending.Count} of {published.Count} documents were still being ingested after {timeout.TotalSeconds:F0} s (for example {examples}); see 'ingest status ID' or the dashboard.");
        }

        return outcomes;
    }

    /// <summary>The outcome the status shows for a version, or null while that version is still on its way.</summary>
    public static IngestionOutcome? OutcomeOf(DocumentStatus status, long version)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Version > version || status.LastIgnoredVersion == version)
        {
            return new IngestionOutcome(status.DocumentId, version, OutcomeKind.Superseded, $"version {status.Version} is newer", null);
        }

        if (status.Version < version)
        {
            return null;
        }

        if (status.State is DocumentState.Indexed or DocumentState.Deleted && status.Searchable == false)
        {
            return null; // durable, but not yet in the gateway's reader: a search now would not see it
        }

        return status.State switch
        {
            DocumentState.Indexed => new IngestionOutcome(status.DocumentId, version, OutcomeKind.Indexed, null, status.ChunkCount),
            DocumentState.Deleted => new IngestionOutcome(status.DocumentId, version, OutcomeKind.Deleted, null, null),
            DocumentState.Failed => new IngestionOutcome(status.DocumentId, version, OutcomeKind.Failed, status.FailedStep is { } step ? $"{step}: {status.Error}" : status.Error, null),
            DocumentState.Superseded => new IngestionOutcome(status.DocumentId, version, OutcomeKind.Superseded, $"the index holds version {status.SupersededBy}", null),
            _ => null,
        };
    }
}
