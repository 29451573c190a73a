namespace Ingestion.Core.Documents.Sources;

/// <summary>
/// A content reference as it may be shown: in a failure reason the status endpoint returns, a log line or a span.
/// Credentials in the user-info part and the query (a presigned URL's signature or token) are replaced, since whoever
/// reads a status or a trace must not be able to fetch the content, nor anything else those credentials open.
/// </summary>
public static class ContentUris
{
    public const string Hidden = "***";

    /// <summary><paramref name="uri"/> with its user info, query and fragment replaced by <see cref="Hidden"/>.</summary>
    public static string Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            return Hidden;
        }

        var shown = uri.Scheme + "://"
            + (uri.UserInfo.Length > 0 ? Hidden + "@" : string.Empty)
            + uri.Authority
            + uri.AbsolutePath;
        return shown
            + (uri.Query.Length > 0 ? "?" + Hidden : string.Empty)
            + (uri.Fragment.Length > 0 ? "#" + Hidden : string.Empty);
    }

    /// <summary>A reference as given; one that is not an absolute URI is not shown at all, as where its secrets lie is unknown.</summary>
    public static string Redact(string contentUri) =>
        Uri.TryCreate(contentUri, UriKind.Absolute, out var uri) ? Redact(uri) : Hidden;
}
