using System.Text.Json.Serialization;

namespace Ingestion.Cli.Gateway;

// The gateway's HTTP contract as this client reads it. Kept apart from the gateway's own types on purpose:
// the tool talks to any gateway over HTTP and must not need its assemblies.

internal sealed record PutDocument(string? Title, string ContentType, string Content, IReadOnlyList<string>? Tags, long? Version, IReadOnlyList<string>? Readers = null);

internal sealed record Accepted(string DocumentId, long Version, string State, string? StatusUrl, string? TraceId);

internal sealed record DocumentStatus(
    string DocumentId,
    string State,
    long Version,
    int? ChunkCount,
    string? Error,
    string? TraceId,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? IndexedAt,
    long? LastIgnoredVersion,
    string? FailedStep,
    int? Attempts,
    double? SecondsToIndexed,
    bool? Searchable = null,
    long? SupersededBy = null);

internal sealed record StatusQuery(IReadOnlyList<string> Ids);

internal sealed record StatusAnswer(IReadOnlyList<DocumentStatus> Statuses, IReadOnlyList<string> Missing);

/// <summary>A search; <see cref="Fusion"/> (cc or rrf) is left to the gateway's default when null.</summary>
internal sealed record SearchRequest(string Query, string Mode, int K, string? Fusion = null);

/// <summary>The body of <c>POST /api/search</c>, named as the gateway's parameters.</summary>
internal sealed record SearchBody(string Q, string Mode, int K, string? Fusion);

internal sealed record LegResult(int Rank, double Score);

internal sealed record SearchHit(
    string DocumentId,
    string ChunkId,
    long Version,
    string Title,
    string Text,
    int Ordinal,
    int? Page,
    double Score,
    [property: JsonPropertyName("bm25")] LegResult? Lexical,
    LegResult? Dense);

internal sealed record SearchResult(string Query, string Mode, IReadOnlyList<SearchHit> Hits, double TookMs);

internal sealed record AskRequest(string Question, int? BudgetTokens, int? K, string Mode, bool Answer);

internal sealed record AskAnswer(string Status, string? Text, string? Model, IReadOnlyList<int> CitationsUsed, string? Note);

internal sealed record AskCitation(int Number, string DocumentId, long Version, int StartOffset, int EndOffset, int? Page, bool Trimmed);

internal sealed record AskContext(int PromptTokens, int BudgetTokens, int Passages, int LeftOut);

internal sealed record AskResult(string Question, AskAnswer Answer, IReadOnlyList<AskCitation> Citations, System.Text.Json.JsonElement Prompt, AskContext Context, double TookMs);

internal sealed record Problem(string? Title, string? Detail, int? Status, Dictionary<string, string[]>? Errors);

internal sealed record IndexModel(string ModelId, int Dimension);

internal sealed record IndexDescriptionResult(string Name, IndexModel? Model, long Documents);

/// <summary>The index searches read and the one a re-index is building (null when none is).</summary>
internal sealed record IndexStateResult(IndexDescriptionResult? Current, IndexDescriptionResult? Building);
