using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>A stored chunk or manifest, as its <c>_source</c> (field names as in <see cref="ElasticsearchSchema"/>).</summary>
public sealed record StoredSource
{
    public string Kind { get; init; } = ElasticsearchSchema.ChunkKind;

    public required string DocumentId { get; init; }

    public long Version { get; init; }

    public string? ChunkId { get; init; }

    public int? Ordinal { get; init; }

    public string? Title { get; init; }

    public string? Text { get; init; }

    public int? StartOffset { get; init; }

    public int? EndOffset { get; init; }

    public int? Page { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public string? ContentType { get; init; }

    public long? Updated { get; init; }

    public float[]? Vector { get; init; }

    public bool? Deleted { get; init; }

    public int? ChunkCount { get; init; }

    public long? PreviousVersion { get; init; }

    public int? PreviousChunkCount { get; init; }
}

public sealed record SearchResponseBody(SearchHitsBody Hits);

public sealed record SearchHitsBody(IReadOnlyList<SearchHitBody> Hits);

public sealed record SearchHitBody(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("_score")] double? Score,
    [property: JsonPropertyName("_source")] StoredSource Source,
    IReadOnlyList<JsonElement>? Sort);

public sealed record GetResponseBody(
    [property: JsonPropertyName("_id")] string Id,
    bool Found,
    [property: JsonPropertyName("_seq_no")] long? SeqNo,
    [property: JsonPropertyName("_primary_term")] long? PrimaryTerm,
    [property: JsonPropertyName("_source")] StoredSource? Source);

public sealed record MultiGetResponseBody(IReadOnlyList<GetResponseBody> Docs);

/// <summary>A bulk response: <see cref="Items"/> in request order, each keyed by its action (<c>index</c>, <c>create</c>, <c>delete</c>, <c>update</c>).</summary>
public sealed record BulkResponseBody(long Took, bool Errors, IReadOnlyList<Dictionary<string, BulkItemBody>> Items);

public sealed record BulkItemBody(
    [property: JsonPropertyName("_index")] string? Index,
    [property: JsonPropertyName("_id")] string? Id,
    int Status,
    string? Result,
    ErrorCause? Error);

/// <summary>Elasticsearch's error object: <c>type</c> such as <c>version_conflict_engine_exception</c>, and the <c>reason</c>.</summary>
public sealed record ErrorCause(string? Type, string? Reason);

/// <summary>The body of a failed request: <c>{"error": {...}, "status": 409}</c>.</summary>
public sealed record ErrorResponseBody(ErrorCause? Error, int Status);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(StoredSource))]
[JsonSerializable(typeof(SearchResponseBody))]
[JsonSerializable(typeof(GetResponseBody))]
[JsonSerializable(typeof(MultiGetResponseBody))]
[JsonSerializable(typeof(BulkResponseBody))]
[JsonSerializable(typeof(ErrorResponseBody))]
public sealed partial class ElasticsearchJson : JsonSerializerContext;
