using Ingestion.Gateway.Search;
using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Security;
namespace Ingestion.Gateway.Model;

/// <summary>The body of <c>PUT /api/documents/{id}</c>. Without a version the gateway assigns one newer than any before.</summary>
/// <param name="Title">Shown with hits; the id when not given.</param>
/// <param name="ContentType">The media type, such as <c>text/markdown</c> or <c>application/pdf</c>.</param>
/// <param name="Content">The content (binary formats base64-encoded); or give <paramref name="ContentUri"/> instead.</param>
/// <param name="ContentUri">Where the worker reads large content from: <c>file://</c> under <c>Sources:FileRoot</c>, or <c>http(s)://</c> on an allowed host.</param>
/// <param name="Tags">Labels to filter by.</param>
/// <param name="Version">The client's version (higher is newer); assigned when not given.</param>
public sealed record PutDocumentRequest(string? Title, string? ContentType, string? Content, IReadOnlyList<string>? Tags, long? Version, string? ContentUri = null);
