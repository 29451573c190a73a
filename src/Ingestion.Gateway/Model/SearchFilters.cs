using System.Globalization;
using Ingestion.Index;

namespace Ingestion.Gateway.Model;

/// <summary>
/// The filter parameters of <c>GET /api/search</c> and the fields of <c>POST /api/ask</c>: <c>tags</c> (any of, repeatable), <c>allTags</c> (all of,
/// repeatable), <c>contentType</c> (any of, repeatable), <c>idPrefix</c> and <c>updatedAfter</c> (ISO 8601).
/// Each problem is reported under its parameter's name.
/// </summary>
internal static class SearchFilters
{
    private const int MaxValues = 100;

    public static SearchFilter Parse(string[]? tags, string[]? allTags, string[]? contentTypes, string? idPrefix, string? updatedAfter, RequestErrors errors)
    {
        var filter = new SearchFilter
        {
            AnyTags = Values(tags, "tags", errors),
            AllTags = Values(allTags, "allTags", errors),
            ContentTypes = Values(contentTypes, "contentType", errors),
            DocumentIdPrefix = string.IsNullOrEmpty(idPrefix) ? null : idPrefix,
        };

        if (updatedAfter is not null)
        {
            if (DateTimeOffset.TryParse(updatedAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var after))
            {
                filter = filter with { UpdatedAfter = after };
            }
            else
            {
                errors.Add("updatedAfter", $"updatedAfter '{updatedAfter}' is not a date-time; use ISO 8601, such as 2026-01-31T00:00:00Z.");
            }
        }

        return filter;
    }

    private static IReadOnlyList<string> Values(string[]? given, string name, RequestErrors errors)
    {
        if (given is null || given.Length == 0)
        {
            return [];
        }

        if (given.Length > MaxValues || given.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(name, $"{name} takes 1 to {MaxValues} non-empty values.");
            return [];
        }

        return [.. given.Distinct(StringComparer.Ordinal)];
    }
}
