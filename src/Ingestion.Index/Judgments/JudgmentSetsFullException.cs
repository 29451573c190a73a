namespace Ingestion.Index.Judgments;

/// <summary>A new judgment set was refused: <c>Gateway:Judgments:MaxSets</c> are kept already.</summary>
public sealed class JudgmentSetsFullException(string message) : Exception(message);
