namespace Ingestion.Client.Model;

/// <summary>A judged query: its id within its set and its text.</summary>
public sealed record JudgedQuery(string Id, string Text);

/// <summary>How relevant a document is to a query: 0 (not) to 3 (highly).</summary>
public sealed record Judgment(string QueryId, string DocumentId, int Grade);

/// <summary>A judgment set as listed: its name, where its judgments came from (imported, feedback, citations), and its size.</summary>
public sealed record JudgmentSetSummary(string Name, string Source, int Queries, int Judgments, DateTimeOffset Updated);

/// <summary>A judgment set whole: its queries, and one grade per judged query and document.</summary>
public sealed record JudgmentSet(string Name, string Source, IReadOnlyList<JudgedQuery> Queries, IReadOnlyList<Judgment> Judgments);

/// <summary>A set to import: its queries and their judgments.</summary>
public sealed record JudgmentSetImport(IReadOnlyList<JudgedQuery> Queries, IReadOnlyList<Judgment> Judgments);

/// <summary>A caller's judgment of a document it was shown for a query: a grade (0 to 3) or a thumb (<see cref="Helpful"/>).</summary>
public sealed record Feedback(string Query, string DocumentId)
{
    public int? Grade { get; init; }

    public bool? Helpful { get; init; }
}

/// <summary>What <c>POST /api/feedback</c> kept: the feedback set, the query's id in it, the document and the grade.</summary>
public sealed record FeedbackAccepted(string Set, string QueryId, string DocumentId, int Grade);
