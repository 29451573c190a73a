namespace Ingestion.Index;

/// <summary>
/// Which chunks a search may return. Every store applies it inside each leg, before ranking (BM25 as a filter
/// clause, dense as a pre-filter of the vectors scanned), never as a post-filter that would return fewer than k
/// hits while more matching chunks exist. Empty lists and nulls mean "no condition".
/// </summary>
public sealed record SearchFilter
{
    public static SearchFilter None { get; } = new();

    /// <summary>The chunk's document has at least one of these tags.</summary>
    public IReadOnlyList<string> AnyTags { get; init; } = [];

    /// <summary>The chunk's document has every one of these tags.</summary>
    public IReadOnlyList<string> AllTags { get; init; } = [];

    /// <summary>The chunk's document has one of these content types.</summary>
    public IReadOnlyList<string> ContentTypes { get; init; } = [];

    /// <summary>The chunk's document id starts with this (ordinal).</summary>
    public string? DocumentIdPrefix { get; init; }

    /// <summary>The chunk's document changed strictly after this moment (the time its change was accepted).</summary>
    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>
    /// The reader terms of the caller (<see cref="ReaderTerms"/>): a chunk is admitted only when its document names one
    /// of them as a reader. Null admits every chunk (a gateway without identities); empty admits none.
    /// </summary>
    public IReadOnlyList<string>? Readers { get; init; }

    public bool IsEmpty =>
        Readers is null && AnyTags.Count == 0 && AllTags.Count == 0 && ContentTypes.Count == 0 && string.IsNullOrEmpty(DocumentIdPrefix) && UpdatedAfter is null;
}
