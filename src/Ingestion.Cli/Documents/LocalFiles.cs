using System.Text;

namespace Ingestion.Cli.Documents;

/// <summary>Finds the publishable files under the paths a user names.</summary>
internal static class LocalFiles
{
    /// <summary>The largest file sent: no gateway takes more (<c>Gateway:MaxDocumentBytes</c> is at most 512 MiB).</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Files under each path (a folder is walked recursively, hidden entries skipped; a file stands for
    /// itself, with its folder as the root). Unsupported files are returned separately so they can be reported.
    /// </summary>
    public static (IReadOnlyList<LocalDocument> Documents, IReadOnlyList<string> Skipped) Scan(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var documents = new Dictionary<string, LocalDocument>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach (var given in paths)
        {
            var path = Path.GetFullPath(given);
            if (Directory.Exists(path))
            {
                foreach (var file in Walk(path))
                {
                    Add(path, file);
                }
            }
            else if (File.Exists(path))
            {
                Add(Path.GetDirectoryName(path)!, path);
            }
            else
            {
                throw new CliException($"'{given}' is neither a file nor a folder.");
            }
        }

        return ([.. documents.Values.OrderBy(d => d.Id, StringComparer.Ordinal)], skipped);

        void Add(string root, string file)
        {
            if (ContentTypes.Of(file) is not { } contentType)
            {
                skipped.Add(file);
                return;
            }

            var info = new FileInfo(file);
            var id = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            documents[id] = new LocalDocument(id, file, contentType, VersionOf(info), info.Length);
        }
    }

    /// <summary>The version a file publishes as: its last-write time in Unix milliseconds.</summary>
    public static long VersionOf(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Math.Max(1, new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// The request content of a file: binary formats base64-encoded, text as it is; text that is not UTF-8 is refused,
    /// not mangled. A file that cannot be read (gone since the scan, not readable) or that no gateway would take fails
    /// alone (a <see cref="CliException"/>, which a batch records), never the batch.
    /// </summary>
    public static async Task<string> ReadContentAsync(LocalDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Length > MaxFileBytes)
        {
            throw new CliException($"{document.Path} has {document.Length} bytes, more than any gateway accepts ({MaxFileBytes}); split it.");
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(document.Path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{document.Path} could not be read: {exception.Message}");
        }

        if (ContentTypes.IsBinary(document.ContentType))
        {
            return Convert.ToBase64String(bytes);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new CliException($"{document.Path} is not UTF-8 text (invalid byte at offset {exception.Index}).");
        }
    }

    private static IEnumerable<string> Walk(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(folder, "*", options).Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')));
    }
}
