namespace Ingestion.Dashboard.Telemetry;

/// <summary>The six levels of OTLP's severity ranges (1-4 trace ... 21-24 fatal).</summary>
public enum LogLevel
{
    Unspecified = 0,
    Trace = 1,
    Debug = 2,
    Information = 3,
    Warning = 4,
    Error = 5,
    Critical = 6,
}

public static class LogLevels
{
    /// <summary>Maps an OTLP severity number to its level, by the specification's ranges of four.</summary>
    public static LogLevel FromSeverityNumber(int severity) => severity switch
    {
        <= 0 => LogLevel.Unspecified,
        <= 4 => LogLevel.Trace,
        <= 8 => LogLevel.Debug,
        <= 12 => LogLevel.Information,
        <= 16 => LogLevel.Warning,
        <= 20 => LogLevel.Error,
        _ => LogLevel.Critical,
    };
}
