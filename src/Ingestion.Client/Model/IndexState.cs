namespace Ingestion.Client.Model;

/// <summary>An embedding model: its id and its vectors' dimension.</summary>
public sealed record EmbeddingModel(string ModelId, int Dimension);

/// <summary>An index: its name, the model of its vectors, and how many documents it holds (to admins only).</summary>
public sealed record IndexDescription(string Name, EmbeddingModel? Model, long? Documents);

/// <summary>The index searches read, and the one a re-index is building (null when none is).</summary>
public sealed record IndexState(IndexDescription? Current, IndexDescription? Building);
