namespace Ingestion.Index.Judgments;

/// <summary>A judged query: its id within its set and its text.</summary>
public sealed record JudgedQuery(string Id, string Text);

/// <summary>How relevant a document is to a query: 0 (not) to 3 (highly), as TREC and BEIR grade.</summary>
public sealed record Judgment(string QueryId, string DocumentId, int Grade);

/// <summary>A judgment set as listed: its name, where its judgments came from, and how many it holds.</summary>
public sealed record JudgmentSetSummary(string Name, string Source, int Queries, int Judgments, DateTimeOffset Updated);

/// <summary>
/// A judgment set whole: its queries and one grade per judged (query, document), the rounded mean of its judges'
/// grades where several judged the same (feedback from several callers).
/// </summary>
public sealed record JudgmentSet(string Name, string Source, IReadOnlyList<JudgedQuery> Queries, IReadOnlyList<Judgment> Judgments);
