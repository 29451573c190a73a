using System.Text;
using Ingestion.Core.Documents.Extraction;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.Documents.Sources;

/// <summary>
/// Reads content sent by reference, within <see cref="SourceOptions"/>: at most <c>MaxBytes</c>, within
/// <c>Timeout</c>, redirects not followed (they could lead off the allow-list). What can never be read
/// (refused reference, missing file, 4xx, too large, not UTF-8) is a permanent <see cref="ExtractionException"/>
/// whose reason shows the reference redacted;
/// a server error or timeout is transient and retried.
/// </summary>
public sealed class ContentFetcher(SourcePolicy policy, IOptions<SourceOptions> options, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "content-fetcher";

    /// <summary>The content as the extractors take it: text as is, binary formats base64-encoded.</summary>
    public async Task<string> FetchAsync(string contentUri, bool isBinaryFormat, CancellationToken cancellationToken)
    {
        if (policy.Check(contentUri, out var uri) is { } refused)
        {
            throw new ExtractionException(refused);
        }

        var bytes = uri!.Scheme == Uri.UriSchemeFile
            ? await ReadFileAsync(uri.LocalPath, cancellationToken)
            : await DownloadAsync(uri, cancellationToken);
        if (isBinaryFormat)
        {
            return Convert.ToBase64String(bytes);
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new ExtractionException($"{ContentUris.Redact(uri!)} is not valid UTF-8 text.");
        }
    }

    /// <summary>Opens the file, then checks where what was opened really lies, and reads from that same handle.</summary>
    private async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        using var handle = OpenFile(path);
        var opened = OpenedPath(handle) ?? SourcePolicy.RealPath(path);
        if (!policy.IsUnderFileRoot(opened))
        {
            throw new ExtractionException($"The file {path} is not under the configured root {options.Value.FileRoot}: it is {opened}.");
        }

        var max = options.Value.MaxBytes;
        var length = RandomAccess.GetLength(handle);
        if (length > max)
        {
            throw new ExtractionException($"The file {path} has {length} bytes, more than Sources:MaxBytes ({max}).");
        }

        // Read to the end rather than to the length seen, bounded, as the file may grow meanwhile.
        using var buffer = new MemoryStream((int)length);
        var chunk = new byte[81920];
        int read;
        while ((read = await RandomAccess.ReadAsync(handle, chunk, buffer.Length, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new ExtractionException($"The file {path} is larger than Sources:MaxBytes ({max}).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle OpenFile(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ExtractionException($"The file {path} does not exist.");
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            throw new ExtractionException($"{path} is a folder, not a file.");
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new ExtractionException($"The file {path} cannot be read: {exception.Message}");
        }
    }

    /// <summary>Where the opened file really is, as the kernel names it (Linux's <c>/proc/self/fd</c>); null elsewhere.</summary>
    private static string? OpenedPath(Microsoft.Win32.SafeHandles.SafeFileHandle handle) =>
        OperatingSystem.IsLinux() ? new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget : null;

    private async Task<byte[]> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if ((int)response.StatusCode is >= 300 and < 500)
        {
            throw new ExtractionException($"{ContentUris.Redact(uri)} answered {(int)response.StatusCode} {response.StatusCode}{(response.Headers.Location is { } to ? $" (redirect to {ContentUris.Redact(new Uri(uri, to))}, not followed)" : string.Empty)}.");
        }

        response.EnsureSuccessStatusCode();
        var max = options.Value.MaxBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw new ExtractionException($"{ContentUris.Redact(uri)} has {response.Content.Headers.ContentLength} bytes, more than Sources:MaxBytes ({max}).");
        }

        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new ExtractionException($"{ContentUris.Redact(uri)} is larger than Sources:MaxBytes ({max}).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
