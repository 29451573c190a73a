using Ingestion.Gateway.Search;

namespace Ingestion.Gateway.Model;

/// <summary>The <c>mode</c> parameter of searches and asks, by name only (an enum's number is not a mode).</summary>
internal static class SearchModeText
{
    public static bool TryParse(string value, out SearchMode mode) =>
        Enum.TryParse(value, ignoreCase: true, out mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _);
}
