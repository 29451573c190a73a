namespace Ingestion.Core.Embeddings;

/// <summary>The model that made an index's vectors; vectors of two models never share an index.</summary>
public sealed record EmbeddingModelInfo(string ModelId, int Dimension);
