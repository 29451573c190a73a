using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Documents.Sources;

namespace Ingestion.Gateway.Model;

/// <summary>The body of <c>PUT /api/documents/{id}</c>. Without a version the gateway assigns one newer than any before.</summary>
/// <param name="Title">Shown with hits; the id when not given.</param>
/// <param name="ContentType">The media type, such as <c>text/markdown</c> or <c>application/pdf</c>.</param>
/// <param name="Content">The content (binary formats base64-encoded); or give <paramref name="ContentUri"/> instead.</param>
/// <param name="ContentUri">Where the worker reads large content from: <c>file://</c> under <c>Sources:FileRoot</c>, or <c>http(s)://</c> on an allowed host.</param>
/// <param name="Tags">Labels to filter by.</param>
/// <param name="Version">The client's version (higher is newer); assigned when not given.</param>
/// <param name="Readers">Who may read the document: <c>user:&lt;id&gt;</c>, <c>group:&lt;name&gt;</c> or <c>public</c>; <c>Gateway:DefaultReaders</c> when not given.</param>
public sealed record PutDocumentRequest(string? Title, string? ContentType, string? Content, IReadOnlyList<string>? Tags, long? Version, string? ContentUri = null, IReadOnlyList<string>? Readers = null)
{
    /// <summary>Readers are bounded as tags are: every chunk carries them, and a caller's terms are matched against them.</summary>
    private const int MaxReaders = 100;
    /// <summary>Bounds of the fields every chunk carries a copy of (title, tags): a megabyte title would be copied into every chunk.</summary>
    private const int MaxTitleLength = 1024;
    private const int MaxTags = 100;
    private const int MaxTagLength = 256;

    /// <summary>
    /// A media type with its parameters: it is stored as one index term (Lucene refuses terms over 32 KB, and would fail
    /// the commit every other document of the group waits for), so it is bounded as tags are.
    /// </summary>
    private const int MaxContentTypeLength = 256;

    /// <summary>Adds the problems with this body to <paramref name="errors"/>.</summary>
    public void Validate(TextExtractorRegistry extractors, SourcePolicy sources, RequestErrors errors)
    {
        ArgumentNullException.ThrowIfNull(extractors);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(ContentType))
        {
            errors.Add("contentType", "contentType is required.");
        }
        else if (ContentType.Length > MaxContentTypeLength)
        {
            errors.Add("contentType", $"contentType must be at most {MaxContentTypeLength} characters with its parameters; it is {ContentType.Length}.");
        }
        else if (!extractors.Supports(ContentType))
        {
            errors.Add("contentType", $"'{ContentType}' is not supported; supported: {string.Join(", ", extractors.SupportedContentTypes)}.");
        }

        if (Content is null == ContentUri is null)
        {
            errors.Add("content", "Give either content or contentUri, not both and not neither.");
        }
        else if (ContentUri is { } contentUri && sources.Check(contentUri, out _) is { } refused)
        {
            errors.Add("contentUri", refused);
        }

        RequestRules.Version(Version, errors);
        if (Title is { Length: > MaxTitleLength })
        {
            errors.Add("title", $"title must be at most {MaxTitleLength} characters; it is {Title.Length}.");
        }

        if (Tags?.Any(string.IsNullOrWhiteSpace) == true)
        {
            errors.Add("tags", "tags must not be empty.");
        }
        else if (Tags is { Count: > MaxTags } || Tags?.Any(t => t.Length > MaxTagLength) == true)
        {
            errors.Add("tags", $"A document may have at most {MaxTags} tags of at most {MaxTagLength} characters each.");
        }

        if (Readers is { Count: 0 } || Readers?.Any(r => r is null || !Ingestion.Index.ReaderTerms.IsValid(r) || r.Any(char.IsControl)) == true)
        {
            errors.Add("readers", "readers takes one or more of public, user:<id> and group:<name> (nobody could read a document of none).");
        }
        else if (Readers is { Count: > MaxReaders } || Readers?.Any(r => r.Length > MaxTagLength) == true)
        {
            errors.Add("readers", $"A document may have at most {MaxReaders} readers of at most {MaxTagLength} characters each.");
        }
    }
}
