using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Embeddings;

namespace Ingestion.Bench;

/// <summary>The worker's chunker (its default settings, measured with the encoder's tokenizer), so benchmarks cut the same chunks.</summary>
internal static class BenchChunker
{
    public static TextChunker For(OnnxSentenceEncoder encoder) =>
        new(encoder.Tokenizer.CountTokens, new ChunkingOptions());
}
