namespace Ingestion.Dashboard.Telemetry;

/// <summary>Filters of the structured-log view; all optional. Text matches the message and attribute values.</summary>
public sealed record LogQuery(string? Resource = null, LogLevel? MinLevel = null, string? Text = null, string? TraceId = null, int Limit = 500);
