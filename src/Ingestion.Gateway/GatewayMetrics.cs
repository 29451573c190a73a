using System.Diagnostics.Metrics;
using Ingestion.Core.Telemetry;

namespace Ingestion.Gateway;

/// <summary>The gateway's instruments; their names live in <see cref="IngestionTelemetry"/>.</summary>
public sealed class GatewayMetrics
{
    private readonly Histogram<double> _searchDuration;
    private readonly Counter<long> _resultCacheHits;
    private readonly Counter<long> _resultCacheMisses;
    private readonly Histogram<double> _askDuration;
    private readonly Histogram<int> _askPromptTokens;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(IngestionTelemetry.MeterName);
        _searchDuration = meter.CreateHistogram<double>(IngestionTelemetry.SearchDuration, "s", "Search latency by mode");
        _resultCacheHits = meter.CreateCounter<long>(IngestionTelemetry.SearchCacheHits, "{search}", "Search answers taken from the result cache");
        _resultCacheMisses = meter.CreateCounter<long>(IngestionTelemetry.SearchCacheMisses, "{search}", "Search answers the result cache did not have");
        _askDuration = meter.CreateHistogram<double>(IngestionTelemetry.AskDuration, "s", "Ask latency (search, assembly and the chat model's answer) by answer status");
        _askPromptTokens = meter.CreateHistogram<int>(IngestionTelemetry.AskPromptTokens, "{token}", "Tokens of the prompts asks assembled");
    }

    /// <summary>The <c>cache</c> tag of search answers reused whole.</summary>
    public const string ResultCache = "result";

    public void CacheLookedUp(string cache, bool hit) =>
        (hit ? _resultCacheHits : _resultCacheMisses).Add(1, new KeyValuePair<string, object?>("cache", cache));

    public void Asked(string answerStatus, int promptTokens, TimeSpan duration)
    {
        var status = new KeyValuePair<string, object?>("answer.status", answerStatus);
        _askDuration.Record(duration.TotalSeconds, status);
        _askPromptTokens.Record(promptTokens, status);
    }

    public void Searched(string mode, TimeSpan duration) =>
        _searchDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("search.mode", mode));
}
