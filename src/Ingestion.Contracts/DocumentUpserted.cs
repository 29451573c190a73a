namespace Ingestion.Contracts;

/// <summary>A document was created or changed. Higher <see cref="Version"/> is newer; the index keeps only the newest.</summary>
public sealed record DocumentUpserted
{
    public required string DocumentId { get; init; }

    public required long Version { get; init; }

    public required string Title { get; init; }

    /// <summary>Media type of <see cref="Content"/>, such as <c>text/plain</c> or <c>text/markdown</c>.</summary>
    public required string ContentType { get; init; }

    /// <summary>The content itself (binary formats base64-encoded); empty when <see cref="ContentUri"/> refers to it.</summary>
    public string Content { get; init; } = string.Empty;

    /// <summary>Where the worker reads the content from instead (<c>file://</c> under the configured root, or an allowed <c>http(s)://</c> host).</summary>
    public string? ContentUri { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// Who may read the document: <c>user:&lt;id&gt;</c>, <c>group:&lt;name&gt;</c> or <c>public</c>, stored on its manifest and
    /// every chunk and enforced inside both search legs. Empty from senders that predate it: then only a gateway
    /// without identities (single-user) reads it.
    /// </summary>
    public IReadOnlyList<string> Readers { get; init; } = [];

    /// <summary>
    /// The gateway's hash of the change: the index keeps it with the version, so the same version with other content
    /// is refused even where Redis lost the claim that would have told. Null from senders that do not set it.
    /// </summary>
    public string? ChangeHash { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
}
