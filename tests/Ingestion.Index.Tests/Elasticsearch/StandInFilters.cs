using System.Text.Json.Nodes;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>
/// The query clauses the store sends, evaluated on a stored source as Elasticsearch would: <c>term</c> (short or
/// <c>value</c> form, matching any element of an array field), <c>terms</c>, <c>prefix</c> and numeric <c>range</c>,
/// combined in a bool query's <c>filter</c>. Scoring clauses (<c>must</c>) are not evaluated.
/// </summary>
internal static class StandInFilters
{
    public static bool Admit(JsonObject source, JsonNode? filters) =>
        filters switch
        {
            null => true,
            JsonArray clauses => clauses.All(c => Holds(source, c!.AsObject())),
            JsonObject clause => Holds(source, clause),
            _ => throw new NotSupportedException($"filter {filters.ToJsonString()}"),
        };

    private static bool Holds(JsonObject source, JsonObject clause)
    {
        var (kind, body) = clause.Single();
        var (field, condition) = body!.AsObject().Single();
        var values = Values(source[field]);
        return kind switch
        {
            "term" => values.Contains(Scalar(condition is JsonObject o && o.ContainsKey("value") ? o["value"] : condition)),
            "terms" => condition!.AsArray().Any(v => values.Contains(Scalar(v))),
            "prefix" => values.Any(v => v.StartsWith(Scalar(condition is JsonObject p ? p["value"] : condition), StringComparison.Ordinal)),
            "range" => values.Any(v => InRange(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture), condition!.AsObject())),
            "bool" => Admit(source, clause["bool"]!["filter"]),
            _ => throw new NotSupportedException($"query clause {kind}"),
        };
    }

    private static bool InRange(double value, JsonObject bounds) => bounds.All(b => b.Key switch
    {
        "gt" => value > b.Value!.GetValue<double>(),
        "gte" => value >= b.Value!.GetValue<double>(),
        "lt" => value < b.Value!.GetValue<double>(),
        "lte" => value <= b.Value!.GetValue<double>(),
        _ => throw new NotSupportedException($"range bound {b.Key}"),
    });

    private static List<string> Values(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(Scalar)],
        _ => [Scalar(node)],
    };

    private static string Scalar(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => throw new NotSupportedException($"value {node?.ToJsonString()}"),
    };
}
