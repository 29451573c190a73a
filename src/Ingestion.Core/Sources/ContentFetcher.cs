using System.Net;
using System.Text;
using Ingestion.Core.Extraction;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.Sources;

/// <summary>
/// Reads content sent by reference, within <see cref="SourceOptions"/>: at most <c>MaxBytes</c>, within
/// <c>Timeout</c>, redirects not followed (they could lead off the allow-list). What can never be read
/// (refused reference, missing file, 4xx, too large, not UTF-8) is a permanent <see cref="ExtractionException"/>;
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
            throw new ExtractionException($"{uri} is not valid UTF-8 text.");
        }
    }

    private async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ExtractionException($"The file {path} does not exist.");
        }

        if (file.Length > options.Value.MaxBytes)
        {
            throw new ExtractionException($"The file {path} has {file.Length} bytes, more than Sources:MaxBytes ({options.Value.MaxBytes}).");
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    private async Task<byte[]> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if ((int)response.StatusCode is >= 300 and < 500)
        {
            throw new ExtractionException($"{uri} answered {(int)response.StatusCode} {response.StatusCode}{(response.Headers.Location is { } to ? $" (redirect to {to}, not followed)" : string.Empty)}.");
        }

        response.EnsureSuccessStatusCode();
        var max = options.Value.MaxBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw new ExtractionException($"{uri} has {response.Content.Headers.ContentLength} bytes, more than Sources:MaxBytes ({max}).");
        }

        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new ExtractionException($"{uri} is larger than Sources:MaxBytes ({max}).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
