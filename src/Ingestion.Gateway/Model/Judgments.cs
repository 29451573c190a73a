using Ingestion.Index.Judgments;

namespace Ingestion.Gateway.Model;

/// <summary>The body of <c>PUT /api/judgments/{name}</c>: a whole set, which replaces any of that name.</summary>
public sealed record JudgmentSetImport(IReadOnlyList<JudgedQuery>? Queries, IReadOnlyList<Judgment>? Judgments);

/// <summary>
/// The body of <c>POST /api/feedback</c>: a query a caller searched or asked, a document it was shown, and how useful
/// it was, as a grade (0 to 3) or a thumb (<see cref="Helpful"/>: up is grade 1, down grade 0).
/// </summary>
public sealed record FeedbackRequest(string? Query, string? DocumentId, int? Grade, bool? Helpful);
