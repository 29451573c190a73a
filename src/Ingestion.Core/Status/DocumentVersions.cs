namespace Ingestion.Core.Status;

/// <summary>The range of document versions (higher is newer).</summary>
public static class DocumentVersions
{
    /// <summary>
    /// The largest version a client may give: half of <see cref="long.MaxValue"/> (clock ticks, about 2^59, fit), so the
    /// versions assigned after it, each one more, still fit in a <see cref="long"/>.
    /// </summary>
    public const long Max = long.MaxValue / 2;
}
