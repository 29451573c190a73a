namespace Ingestion.Gateway.Search;

/// <summary>
/// How much chunk text a hit may carry: <c>Gateway:MaxHitTextChars</c>, less where a page of many hits would
/// otherwise carry more than <c>Gateway:MaxResponseTextChars</c> in all. One chunk written with other settings, or a
/// page of a thousand hits, must not make one answer megabytes long, nor the work of highlighting it.
/// </summary>
internal static class HitText
{
    public static int ShareOf(GatewayOptions limits, int hitsInResponse)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return Math.Min(limits.MaxHitTextChars, limits.MaxResponseTextChars / Math.Max(1, hitsInResponse));
    }

    /// <summary>At most <paramref name="max"/> characters of <paramref name="text"/>, never between a surrogate pair's halves.</summary>
    public static (string Text, bool Truncated) Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return (text, false);
        }

        var end = max > 0 && char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return (text[..end], true);
    }
}
