using Microsoft.Extensions.Options;

namespace Ingestion.Core.Documents.Sources;

/// <summary>
/// Decides whether a content reference may be read: <c>file://</c> only under <see cref="SourceOptions.FileRoot"/>
/// (after resolving <c>..</c> and symbolic links, so no path escapes it), <c>http(s)://</c> only to allowed hosts and
/// ports. Reasons show the reference redacted (<see cref="ContentUris"/>).
/// The gateway asks before accepting a document and the worker again before reading; the worker then checks the
/// file it opened (<see cref="IsUnderFileRoot"/>), since links can change between a check and a read.
/// </summary>
public sealed class SourcePolicy(IOptions<SourceOptions> options)
{
    // Validated at start (ContentSourceExtensions), so every entry parses.
    private readonly AllowedHost[] _allowedHosts = [.. options.Value.AllowedHosts.Select(AllowedHost.Parse).OfType<AllowedHost>()];

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

            return uri.Host.Length == 0 && IsUnderFileRoot(RealPath(uri.LocalPath))
                ? null
                : $"{ContentUris.Redact(uri)} is not under the configured root {root}.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        {
            var target = uri;
            return _allowedHosts.Any(host => host.Allows(target))
                ? null
                : uri.IsDefaultPort
                    ? $"The host '{uri.Host}' is not in Sources:AllowedHosts."
                    : $"The host and port '{uri.Authority}' are not in Sources:AllowedHosts (a host without a port allows only its scheme's default port).";
        }

        return $"The scheme '{uri.Scheme}' is not supported; use file://, http:// or https://.";
    }

    /// <summary>Whether <paramref name="realPath"/> (every link already resolved) lies under <c>Sources:FileRoot</c>.</summary>
    public bool IsUnderFileRoot(string realPath)
    {
        ArgumentNullException.ThrowIfNull(realPath);
        if (options.Value.FileRoot is not { Length: > 0 } root)
        {
            return false;
        }

        var under = RealPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return realPath.StartsWith(under, StringComparison.Ordinal);
    }

    /// <summary>
    /// The absolute path with <c>..</c> resolved and, where the path exists, every symbolic link followed: a link's
    /// target is resolved again from its own start, since its folders may be links too.
    /// </summary>
    public static string RealPath(string path)
    {
        const int MaxLinks = 40; // as the kernel's ELOOP limit
        var full = Path.GetFullPath(path);
        var resolved = Path.GetPathRoot(full)!;
        var pending = new Queue<string>(Parts(full));
        var links = 0;
        while (pending.TryDequeue(out var part))
        {
            var candidate = Path.Combine(resolved, part);
            if (new FileInfo(candidate).LinkTarget is not { } target)
            {
                resolved = candidate;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"{path} has more than {MaxLinks} levels of symbolic links.");
            }

            var absolute = Path.GetFullPath(target, resolved);
            pending = new Queue<string>(Parts(absolute).Concat(pending));
            resolved = Path.GetPathRoot(absolute)!;
        }

        return resolved;
    }

    private static string[] Parts(string fullPath) =>
        fullPath[Path.GetPathRoot(fullPath)!.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
