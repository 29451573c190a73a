namespace Ingestion.Cli.Documents;

/// <summary>
/// A file to publish: its document id is its path relative to the root it was found under (with '/'),
/// its version the file's last-write time in Unix milliseconds, as the gateway's own versions are.
/// </summary>
internal sealed record LocalDocument(string Id, string Path, string ContentType, long Version, long Length);
