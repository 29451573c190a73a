using System.ComponentModel.DataAnnotations;
using Ingestion.Dashboard.Telemetry;

namespace Ingestion.Dashboard;

/// <summary>
/// Where the dashboard listens and who may see it (configuration section <c>Dashboard</c>). Every address is
/// loopback by default, as Aspire's; another address needs <see cref="AllowRemoteAccess"/> as well.
/// </summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    public bool Enabled { get; set; } = true;

    /// <summary>The UI and its JSON API. Port 0 takes a free port.</summary>
    [Required]
    public string Url { get; set; } = "http://127.0.0.1:18888";

    /// <summary>OTLP over gRPC (HTTP/2 without TLS), the endpoint services are given.</summary>
    [Required]
    public string OtlpGrpcUrl { get; set; } = "http://127.0.0.1:18889";

    /// <summary>OTLP over HTTP with protobuf bodies.</summary>
    [Required]
    public string OtlpHttpUrl { get; set; } = "http://127.0.0.1:18890";

    /// <summary>The login token; a random one per run when not set (as Aspire's browser token).</summary>
    public string? Token { get; set; }

    /// <summary>Must be true to listen on an address other than loopback: the dashboard shows every log line and can stop services.</summary>
    public bool AllowRemoteAccess { get; set; }

    [Required]
    public TelemetryLimits Telemetry { get; set; } = new();
}
