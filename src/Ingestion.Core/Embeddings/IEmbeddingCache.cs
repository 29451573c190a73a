namespace Ingestion.Core.Embeddings;

/// <summary>Vectors already computed, keyed by model and text: re-ingesting unchanged chunks embeds nothing.</summary>
public interface IEmbeddingCache
{
    /// <summary>The cached vector of each text, or null where there is none; in the order of <paramref name="texts"/>.</summary>
    Task<IReadOnlyList<float[]?>> GetAsync(string modelId, IReadOnlyList<string> texts, CancellationToken cancellationToken);

    Task SetAsync(string modelId, IReadOnlyList<(string Text, ReadOnlyMemory<float> Vector)> entries, CancellationToken cancellationToken);
}
