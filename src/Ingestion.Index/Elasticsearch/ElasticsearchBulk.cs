using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Elasticsearch;

/// <summary>
/// Sends operations through the bulk API in requests bounded in bytes and in items (the client's own
/// <c>BulkAll</c> bounds by count only); items refused with 429 or 5xx (a busy node, an unavailable shard) are
/// sent again with exponential backoff, up to <see cref="ElasticsearchOptions.ItemRetries"/> times; items refused
/// with 400 (a document the index cannot take, such as an immense term) fail the call with
/// <see cref="DocumentRejectedException"/>, which retrying cannot help; other item errors fail it, naming them.
/// </summary>
public sealed class ElasticsearchBulk(ElasticsearchClient client, IOptions<ElasticsearchOptions> options)
{
    private static readonly JsonSerializerOptions SourceJson = SourceOptions();

    public async Task SendAsync(string index, IReadOnlyList<BulkOperation> operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var settings = options.Value;
        IReadOnlyList<BulkOperation> pending = operations;
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var retry = new List<BulkOperation>();
            var failed = new List<string>();
            var refused = new List<string>();
            foreach (var batch in Batches(pending, settings.BulkMaxBytes, settings.BulkMaxItems))
            {
                var response = await client.BulkAsync(Request(index, batch), cancellationToken);
                var outcome = Classify(response, batch);
                retry.AddRange(outcome.Retry);
                failed.AddRange(outcome.Failed);
                refused.AddRange(outcome.Refused);
            }

            if (failed.Count > 0)
            {
                throw new ElasticsearchException($"{failed.Count + refused.Count} bulk operations failed: {string.Join("; ", failed.Concat(refused).Take(5))}");
            }

            if (refused.Count > 0)
            {
                throw new DocumentRejectedException($"Elasticsearch refused {refused.Count} of the document's operations: {string.Join("; ", refused.Take(3))}");
            }

            if (retry.Count > 0 && attempt >= settings.ItemRetries)
            {
                throw new ElasticsearchException(429, "bulk_items_rejected", $"{retry.Count} bulk operations were still refused after {settings.ItemRetries} retries.");
            }

            if (retry.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)), cancellationToken);
            }

            pending = retry;
        }
    }

    /// <summary>The operations cut into requests of at most <paramref name="maxBytes"/> (as sent, uncompressed) and <paramref name="maxItems"/>, in order; an operation larger than the byte bound goes alone.</summary>
    public static IEnumerable<IReadOnlyList<BulkOperation>> Batches(IEnumerable<BulkOperation> operations, int maxBytes, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var bytes = 0;
        var batch = new List<BulkOperation>();
        foreach (var operation in operations)
        {
            var size = SizeOf(operation);
            if (batch.Count > 0 && (bytes + size > maxBytes || batch.Count >= maxItems))
            {
                yield return batch;
                bytes = 0;
                batch = [];
            }

            bytes += size;
            batch.Add(operation);
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>The bytes an operation takes in the NDJSON body: its action line and, for an index, its source line.</summary>
    public static int SizeOf(BulkOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        // {"index":{"_id":…}}\n or {"delete":{"_id":…}}\n, the id as a JSON string.
        var action = 20 + JsonSerializer.SerializeToUtf8Bytes(operation.Id, SourceJson).Length;
        return operation.Source is null ? action : action + JsonSerializer.SerializeToUtf8Bytes(operation.Source, SourceJson).Length + 1;
    }

    public static BulkRequest Request(string index, IReadOnlyList<BulkOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var collection = new BulkOperationsCollection();
        foreach (var operation in operations)
        {
            collection.Add(operation.Action == BulkAction.Index
                ? new BulkIndexOperation<StoredSource>(operation.Source ?? throw new ArgumentException("An index action needs a source.", nameof(operations))) { Id = operation.Id }
                : new BulkDeleteOperation(operation.Id));
        }

        return new BulkRequest(index) { Operations = collection };
    }

    /// <summary>
    /// Sorts a bulk response's items (in request order) into done, worth sending again (429, 5xx), refused for their
    /// content (400: a document the index cannot parse) and failed for good otherwise. A delete of an id that is not there is done: deletes here remove what
    /// may or may not have been written. A request refused as a whole throws.
    /// </summary>
    public static BulkOutcome Classify(BulkResponse response, IReadOnlyList<BulkOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(operations);
        if (response.ApiCallDetails?.HasSuccessfulStatusCode != true)
        {
            throw ElasticsearchException.For(response, $"a bulk request of {operations.Count} operations");
        }

        var items = response.Items.ToList();
        if (items.Count != operations.Count)
        {
            throw new ElasticsearchException($"The bulk response has {items.Count} items for {operations.Count} operations.");
        }

        var retry = new List<BulkOperation>();
        var failed = new List<string>();
        var refused = new List<string>();
        for (var i = 0; i < operations.Count; i++)
        {
            var item = items[i];
            if (item.Status is >= 200 and < 300 || (operations[i].Action == BulkAction.Delete && item.Status == 404))
            {
                continue;
            }

            if (item.Status == 429 || item.Status >= 500)
            {
                retry.Add(operations[i]);
            }
            else if (item.Status == 400)
            {
                refused.Add($"{operations[i].Action.ToString().ToLowerInvariant()} {item.Id}: {item.Error?.Type}: {item.Error?.Reason}");
            }
            else
            {
                failed.Add($"{operations[i].Action.ToString().ToLowerInvariant()} {item.Id}: {item.Status} {item.Error?.Type}: {item.Error?.Reason}");
            }
        }

        return new BulkOutcome(retry, failed, refused);
    }

    private static JsonSerializerOptions SourceOptions()
    {
        var json = new JsonSerializerOptions();
        ElasticsearchClients.ConfigureSource(json);
        return json;
    }
}

/// <summary>What a bulk request left to do: operations to send again, and descriptions of those refused for their content (400) and of those that failed otherwise.</summary>
public sealed record BulkOutcome(IReadOnlyList<BulkOperation> Retry, IReadOnlyList<string> Failed, IReadOnlyList<string> Refused);
