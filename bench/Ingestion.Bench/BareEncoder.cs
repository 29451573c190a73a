using System.Diagnostics;
using Ingestion.Core.Embeddings;

namespace Ingestion.Bench;

/// <summary>The encoder alone, fed as a worker feeds it (batches of 32): the yardstick of the ingestion and encoder benchmarks.</summary>
internal static class BareEncoder
{
    private const int BatchSize = 32;

    /// <summary>Seconds <paramref name="encoder"/> takes to embed <paramref name="texts"/>, batch after batch.</summary>
    public static async Task<double> SecondsToEmbedAsync(OnnxSentenceEncoder encoder, IReadOnlyList<string> texts)
    {
        var clock = Stopwatch.StartNew();
        foreach (var batch in texts.Chunk(BatchSize))
        {
            await encoder.GenerateAsync(batch);
        }

        return clock.Elapsed.TotalSeconds;
    }
}
