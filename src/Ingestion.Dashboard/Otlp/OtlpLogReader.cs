using Ingestion.Dashboard.Otlp.Proto.Collector.Logs;
using Ingestion.Dashboard.Telemetry;

namespace Ingestion.Dashboard.Otlp;

/// <summary>Turns an OTLP log export into the dashboard's log entries.</summary>
internal static class OtlpLogReader
{
    /// <summary>The .NET exporter puts the message template in this attribute when the body is the formatted message.</summary>
    private const string OriginalFormat = "{OriginalFormat}";

    public static List<LogEntry> Read(ExportLogsServiceRequest request)
    {
        var logs = new List<LogEntry>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var (service, instance) = OtlpValues.ServiceOf(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var record in scopeLogs.LogRecords)
                {
                    var attributes = OtlpValues.Attributes(record.Attributes);
                    var message = OtlpValues.Text(record.Body);
                    if (message.Length == 0)
                    {
                        message = attributes.FirstOrDefault(a => a.Key == OriginalFormat)?.Value ?? record.EventName;
                    }

                    logs.Add(new LogEntry
                    {
                        // time_unix_nano is optional in OTLP; the observed time is always set by the SDK.
                        Time = OtlpValues.Time(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
                        Resource = service,
                        Instance = instance,
                        Category = scopeLogs.Scope?.Name,
                        SeverityNumber = record.SeverityNumber,
                        Level = LogLevels.FromSeverityNumber(record.SeverityNumber),
                        Message = message,
                        Attributes = [.. attributes.Where(a => a.Key != OriginalFormat)],
                        TraceId = OtlpValues.Id(record.TraceId),
                        SpanId = OtlpValues.Id(record.SpanId),
                    });
                }
            }
        }

        return logs;
    }
}
