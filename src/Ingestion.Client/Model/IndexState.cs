namespace Ingestion.Client.Model;

/// <summary>An embedding model: its id and its vectors' dimension.</summary>
public sealed record EmbeddingModel(string ModelId, int Dimension);

/// <summary>An index: its name, the model of its vectors, and how many documents it holds (to admins only).</summary>
public sealed record IndexDescription(string Name, EmbeddingModel? Model, long? Documents);

/// <summary>
/// A re-index the switch gate holds before its switch: why, and (to admins) the judgment set and both models' mean
/// nDCG@10 on it. It switches when an operator approves (<see cref="IngestionClient.SwitchHeldIndexAsync"/>).
/// </summary>
public sealed record SwitchHold(string Target, string Reason, string Judgments, int Queries, double? Current, double? Building, double Tolerance, double? PValue, DateTimeOffset HeldAt);

/// <summary>The index searches read, the one a re-index is building (null when none is), and the gate's hold of it.</summary>
public sealed record IndexState(IndexDescription? Current, IndexDescription? Building, SwitchHold? Held = null);
