namespace Ingestion.Client;

/// <summary>
/// How the client reaches the gateway and who it is there: an API key (<c>X-Api-Key</c>) or a bearer token from
/// <see cref="TokenProvider"/> (asked for each request, so it can renew tokens), and how long it waits out the
/// gateway's rate limit.
/// </summary>
public sealed class IngestionClientOptions
{
    /// <summary>The gateway's address, such as <c>http://127.0.0.1:5080</c>.</summary>
    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Gives the bearer token of each request; with <see cref="ApiKey"/> unset.</summary>
    public Func<CancellationToken, ValueTask<string?>>? TokenProvider { get; set; }

    /// <summary>How many times a request refused with 429 is sent again after the gateway's <c>Retry-After</c>.</summary>
    public int RateLimitRetries { get; set; } = 5;

    /// <summary>The longest <c>Retry-After</c> waited; a longer one is given to the caller as the 429 it is.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
