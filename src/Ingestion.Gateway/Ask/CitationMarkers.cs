using System.Globalization;
using System.Text.RegularExpressions;

namespace Ingestion.Gateway.Ask;

/// <summary>Reads which numbered passages an answer cites: <c>[2]</c>, <c>[1][3]</c> or <c>[1, 3]</c>.</summary>
public static partial class CitationMarkers
{
    /// <summary>The passage numbers cited in <paramref name="answer"/>, in order of first citation; numbers no passage has are ignored.</summary>
    public static IReadOnlyList<int> Used(string answer, int passageCount)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var used = new List<int>();
        foreach (Match marker in Marker().Matches(answer))
        {
            foreach (var part in marker.Groups["numbers"].Value.Split(',', StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    && number >= 1 && number <= passageCount && !used.Contains(number))
                {
                    used.Add(number);
                }
            }
        }

        return used;
    }

    [GeneratedRegex(@"\[(?<numbers>\d{1,4}(?:\s*,\s*\d{1,4})*)\]")]
    private static partial Regex Marker();
}
