using System.Text;
using System.Text.Json;

namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>
/// The bulk API's NDJSON: an action line (<c>{"index":{"_index":…,"_id":…}}</c>) followed, for index actions, by the
/// source line; every line ends with a newline, the last one included. Requests are cut to at most a number of
/// bytes and of operations; an operation larger than the byte bound goes alone.
/// </summary>
public static class ElasticsearchBulk
{
    public static string Lines(string index, BulkOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var action = operation.Action == BulkAction.Index ? "index" : "delete";
        var meta = new StringBuilder();
        meta.Append("{\"").Append(action).Append("\":{\"_index\":").Append(JsonSerializer.Serialize(index, ElasticsearchJsonStrings.Default.String))
            .Append(",\"_id\":").Append(JsonSerializer.Serialize(operation.Id, ElasticsearchJsonStrings.Default.String)).Append("}}\n");
        if (operation.Action == BulkAction.Index)
        {
            meta.Append(JsonSerializer.Serialize(operation.Source ?? throw new ArgumentException("An index action needs a source.", nameof(operation)), ElasticsearchJson.Default.StoredSource)).Append('\n');
        }

        return meta.ToString();
    }

    /// <summary>The operations as request bodies, each within <paramref name="maxBytes"/> (UTF-8) and <paramref name="maxItems"/>, in order.</summary>
    public static IEnumerable<(string Body, IReadOnlyList<BulkOperation> Operations)> Requests(string index, IEnumerable<BulkOperation> operations, int maxBytes, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var body = new StringBuilder();
        var bytes = 0;
        var batch = new List<BulkOperation>();
        foreach (var operation in operations)
        {
            var lines = Lines(index, operation);
            var size = Encoding.UTF8.GetByteCount(lines);
            if (batch.Count > 0 && (bytes + size > maxBytes || batch.Count >= maxItems))
            {
                yield return (body.ToString(), batch);
                body.Clear();
                bytes = 0;
                batch = [];
            }

            body.Append(lines);
            bytes += size;
            batch.Add(operation);
        }

        if (batch.Count > 0)
        {
            yield return (body.ToString(), batch);
        }
    }

    /// <summary>
    /// Sorts a bulk response's items (in request order) into done, worth sending again (429, 5xx: the cluster was
    /// busy or a shard unavailable) and failed for good (mapping errors, bad requests). A delete of an id that is not
    /// there is done: deletes here remove what may or may not have been written.
    /// </summary>
    public static BulkOutcome Classify(BulkResponseBody response, IReadOnlyList<BulkOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(operations);
        if (response.Items.Count != operations.Count)
        {
            throw new ElasticsearchException($"The bulk response has {response.Items.Count} items for {operations.Count} operations.");
        }

        var retry = new List<BulkOperation>();
        var failed = new List<string>();
        for (var i = 0; i < operations.Count; i++)
        {
            var item = response.Items[i].Values.Single();
            if (item.Status is >= 200 and < 300 || (operations[i].Action == BulkAction.Delete && item.Status == 404))
            {
                continue;
            }

            if (item.Status == 429 || item.Status >= 500)
            {
                retry.Add(operations[i]);
            }
            else
            {
                failed.Add($"{operations[i].Action.ToString().ToLowerInvariant()} {item.Id}: {item.Status} {item.Error?.Type}: {item.Error?.Reason}");
            }
        }

        return new BulkOutcome(retry, failed);
    }
}

/// <summary>What a bulk request left to do: operations to send again, and descriptions of those that failed for good.</summary>
public sealed record BulkOutcome(IReadOnlyList<BulkOperation> Retry, IReadOnlyList<string> Failed);

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ElasticsearchJsonStrings : System.Text.Json.Serialization.JsonSerializerContext;
