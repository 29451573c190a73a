namespace Ingestion.Contracts;

/// <summary>
/// An embedding worker finished one document version: its chunks with their vectors, for the single
/// index writer. Versions order these like <see cref="DocumentUpserted"/>: the index keeps only the newest.
/// </summary>
public sealed record DocumentEmbedded
{
    public required string DocumentId { get; init; }

    public required long Version { get; init; }

    public required string Title { get; init; }

    public required string ContentType { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Who may read the document, from <see cref="DocumentUpserted.Readers"/>.</summary>
    public IReadOnlyList<string> Readers { get; init; } = [];

    /// <summary>The change's hash, from <see cref="DocumentUpserted.ChangeHash"/>.</summary>
    public string? ChangeHash { get; init; }

    /// <summary>The model that made the vectors; the index refuses vectors of another model.</summary>
    public required string EmbeddingModelId { get; init; }

    public required IReadOnlyList<EmbeddedChunk> Chunks { get; init; }

    /// <summary>When the change was accepted (from <see cref="DocumentUpserted.OccurredAt"/>), for publish-to-searchable time.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>
    /// About how many bytes this message takes on the wire as JSON: each chunk's text and its vector in base64, plus
    /// the fields around them. What decides whether it travels by the queue for large documents.
    /// </summary>
    public long EstimatedBytes() =>
        512 + Title.Length + Tags.Sum(t => t.Length + 4) + Readers.Sum(r => r.Length + 4) + Chunks.Sum(c => 160L + ((c.Text.Length + (c.Context?.Length ?? 0)) * 2) + ((c.Vector.Length + 2) / 3 * 4));
}
