using System.ComponentModel.DataAnnotations;
using Ingestion.Gateway.Security;

namespace Ingestion.Gateway.Ask;

/// <summary>Limits and defaults of <c>POST /api/ask</c> (section <c>Gateway:Ask</c>).</summary>
public sealed class AskOptions
{
    /// <summary>The prompt budget when a request names none, in tokens of the chat model.</summary>
    [Range(100, 1_000_000)]
    public int DefaultBudgetTokens { get; set; } = 2000;

    /// <summary>The largest prompt budget a request may ask for; keep it within the chat model's context window.</summary>
    [Range(100, 1_000_000)]
    public int MaxBudgetTokens { get; set; } = 32_000;

    /// <summary>Chunks the search returns for assembly when a request names no <c>k</c>.</summary>
    [Range(1, 1000)]
    public int DefaultCandidates { get; set; } = 30;

    /// <summary>The most chunks a request may have assembled.</summary>
    [Range(1, 1000)]
    public int MaxCandidates { get; set; } = 200;

    /// <summary>The longest answer the chat model may give, in tokens.</summary>
    [Range(1, 100_000)]
    public int MaxAnswerTokens { get; set; } = 1024;

    /// <summary>How long one call to the chat endpoint may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ChatTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries of a chat call the endpoint refused with 429 or 5xx (it waits as <c>Retry-After</c> says).</summary>
    [Range(0, 10)]
    public int ChatRetries { get; set; } = 2;

    /// <summary>Asks per client and window: an ask may cost a model call, so fewer than searches.</summary>
    [Required]
    public RateLimitOptions RateLimit { get; set; } = new() { PermitsPerWindow = 10 };
}
