using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.Bench;

/// <summary>Publishes documents through the gateway and waits, through its batch status endpoint, until they are indexed.</summary>
internal static class GatewayFeed
{
    public static async Task PublishAsync(HttpClient gateway, IReadOnlyList<BenchDocument> documents, long version)
    {
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (document, cancellationToken) =>
        {
            using var response = await gateway.PutAsJsonAsync(
                $"/api/documents/{Uri.EscapeDataString(document.Id)}",
                new { title = document.Title, contentType = "text/plain", content = document.Text, version },
                cancellationToken);
            response.EnsureSuccessStatusCode();
        });
    }

    /// <summary>Waits until every document is indexed at the version (or fails loudly) and returns their chunk count.</summary>
    public static async Task<int> WaitIndexedAsync(HttpClient gateway, IReadOnlyList<BenchDocument> documents, long version, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var pending = documents.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var chunks = 0;
        while (pending.Count > 0)
        {
            foreach (var batch in pending.Chunk(1000).ToList())
            {
                using var response = await gateway.PostAsJsonAsync("/api/documents/status", new { ids = batch }, deadline.Token);
                response.EnsureSuccessStatusCode();
                var answer = await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token);
                foreach (var status in answer.GetProperty("statuses").EnumerateArray())
                {
                    var state = status.GetProperty("state").GetString();
                    if (status.GetProperty("version").GetInt64() == version && state is "indexed" or "failed")
                    {
                        if (state == "failed")
                        {
                            throw new InvalidOperationException($"{status.GetProperty("documentId")} failed: {status.GetProperty("error")}");
                        }

                        chunks += status.GetProperty("chunkCount").GetInt32();
                        pending.Remove(status.GetProperty("documentId").GetString()!);
                    }
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(200, deadline.Token);
            }
        }

        return chunks;
    }
}
