namespace Ingestion.Index.Elasticsearch;

/// <summary>A stored chunk or manifest, as its <c>_source</c> (snake-case field names, as in <see cref="ElasticsearchSchema"/>).</summary>
public sealed record StoredSource
{
    public string Kind { get; init; } = ElasticsearchSchema.ChunkKind;

    public required string DocumentId { get; init; }

    public long Version { get; init; }

    public string? ChunkId { get; init; }

    public int? Ordinal { get; init; }

    public string? Title { get; init; }

    public string? Text { get; init; }

    /// <summary>The document's title again, on its first chunk only (<see cref="ElasticsearchSchema.DocumentTitle"/>).</summary>
    public string? DocumentTitle { get; init; }

    /// <summary>The document's whole text, on its first chunk only; never read back (searches leave it out of their sources).</summary>
    public string? DocumentText { get; init; }

    public int? StartOffset { get; init; }

    public int? EndOffset { get; init; }

    public int? Page { get; init; }

    /// <summary>The chunk's context (headings above it, a continued table's header); kept, not searched.</summary>
    public string? Context { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public IReadOnlyList<string>? Readers { get; init; }

    public string? ContentType { get; init; }

    public long? Updated { get; init; }

    public float[]? Vector { get; init; }

    public bool? Deleted { get; init; }

    public int? ChunkCount { get; init; }

    public long? PreviousVersion { get; init; }

    public int? PreviousChunkCount { get; init; }

    /// <summary>A live manifest's hash of the change that wrote its version, where known (see <see cref="SameVersion"/>).</summary>
    public string? ChangeHash { get; init; }
}
