namespace Ingestion.Client.Hosting;

/// <summary>
/// The client's settings (section <c>Ingestion:Client</c>, as Aspire's client integrations read theirs): the gateway's
/// <see cref="Endpoint"/> when no connection string names it, the <see cref="ApiKey"/>, and whether the health check
/// and tracing are registered.
/// </summary>
public sealed class IngestionClientSettings
{
    public const string SectionName = "Ingestion:Client";

    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    /// <summary>Reads a connection string: a URL (<c>http://host:port</c>) or <c>Endpoint=…;Key=…</c>.</summary>
    internal void ParseConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var uri))
        {
            Endpoint = uri;
            return;
        }

        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = part.Split('=', 2) is [var k, var v] ? (k.Trim(), v.Trim()) : (part, string.Empty);
            if (key.Equals("Endpoint", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(value, UriKind.Absolute, out var endpoint))
            {
                Endpoint = endpoint;
            }
            else if (key.Equals("Key", StringComparison.OrdinalIgnoreCase))
            {
                ApiKey = value;
            }
        }
    }
}
