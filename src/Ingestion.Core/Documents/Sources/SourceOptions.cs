using System.ComponentModel.DataAnnotations;

namespace Ingestion.Core.Documents.Sources;

/// <summary>Where documents sent by reference (<c>contentUri</c>) may come from, and how much of them (section <c>Sources</c>).</summary>
public sealed class SourceOptions
{
    public const string SectionName = "Sources";

    /// <summary>The folder <c>file://</c> references must lie under; unset, <c>file://</c> is refused.</summary>
    public string? FileRoot { get; set; }

    /// <summary>
    /// Hosts <c>http(s)://</c> references may name: <c>host</c> on its scheme's default port, or <c>host:port</c>
    /// (see <see cref="AllowedHost"/>); empty, every host is refused.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// Most bytes read by reference; at most 512 MiB (as <c>Gateway:MaxDocumentBytes</c>), as the content is held in one
    /// array and a binary format's in one base64 string, which .NET caps near a billion characters.
    /// </summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
