using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Cli;

/// <summary>How the tool writes JSON for people and scripts: web naming, enumerations as the gateway writes them, indented.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Indented { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
