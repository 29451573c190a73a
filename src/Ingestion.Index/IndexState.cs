using Ingestion.Core.Embeddings;
namespace Ingestion.Index;

/// <summary>
/// One index of a store: its name, the model of its vectors (null before it has any) and its documents (deletes
/// included; null where the caller may not know how many documents there are).
/// </summary>
public sealed record IndexDescription(string Name, EmbeddingModelInfo? Model, long? Documents);

/// <summary>
/// The index searches read and, while a re-index for another embedding model runs, the one being built (searches move to
/// it when it is complete, unless the switch gate holds it: <see cref="Held"/>). <see cref="Current"/> is null before
/// the first index exists.
/// </summary>
public sealed record IndexState(IndexDescription? Current, IndexDescription? Building, SwitchHold? Held = null);
