using Microsoft.Extensions.Options;

namespace Ingestion.Core.Sources;

/// <summary>
/// Decides whether a content reference may be read: <c>file://</c> only under <see cref="SourceOptions.FileRoot"/>
/// (after resolving <c>..</c> and symbolic links, so no path escapes it), <c>http(s)://</c> only to allowed hosts.
/// The gateway asks before accepting a document and the worker again before reading.
/// </summary>
public sealed class SourcePolicy(IOptions<SourceOptions> options)
{
    /// <summary>Null when the reference may be read; otherwise why not.</summary>
    public string? Check(string contentUri, out Uri? uri)
    {
        if (!Uri.TryCreate(contentUri, UriKind.Absolute, out uri))
        {
            return "contentUri must be an absolute file://, http:// or https:// URI.";
        }

        var settings = options.Value;
        if (uri.Scheme == Uri.UriSchemeFile)
        {
            if (settings.FileRoot is not { Length: > 0 } root)
            {
                return "file:// references are off: set Sources:FileRoot to the folder they may read from.";
            }

            var path = RealPath(uri.LocalPath);
            var under = RealPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return uri.Host.Length == 0 && path.StartsWith(under, StringComparison.Ordinal)
                ? null
                : $"{uri} is not under the configured root {root}.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        {
            return settings.AllowedHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase)
                ? null
                : $"The host '{uri.Host}' is not in Sources:AllowedHosts.";
        }

        return $"The scheme '{uri.Scheme}' is not supported; use file://, http:// or https://.";
    }

    /// <summary>The absolute path with <c>..</c> resolved and, where the path exists, every symbolic link followed.</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var resolved = Path.GetPathRoot(full)!;
        foreach (var part in full[resolved.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            resolved = Path.Combine(resolved, part);
            var info = new FileInfo(resolved);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                resolved = Path.GetFullPath(target.FullName);
            }
        }

        return resolved;
    }
}
