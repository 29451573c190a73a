using System.Text.Json;

namespace Ingestion.Cli;

/// <summary>How the tool writes JSON for people and scripts: web naming, indented.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Indented { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
