using System.Diagnostics.Metrics;
using Ingestion.Core.Telemetry;

namespace Ingestion.Indexer;

/// <summary>The indexer's instruments; their names live in <see cref="IngestionTelemetry"/>.</summary>
public sealed class IndexerMetrics
{
    private readonly Counter<long> _documentsIngested;
    private readonly Counter<long> _documentsFailed;
    private readonly Histogram<double> _publishToIndexed;

    public IndexerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(IngestionTelemetry.MeterName);
        _documentsIngested = meter.CreateCounter<long>(IngestionTelemetry.DocumentsIngested, "{document}", "Document changes applied to the index");
        _documentsFailed = meter.CreateCounter<long>(IngestionTelemetry.DocumentsFailed, "{document}", "Documents that failed permanently or exhausted their retries");
        _publishToIndexed = meter.CreateHistogram<double>(IngestionTelemetry.PublishToIndexedDuration, "s", "Time from a change's acceptance to its durable index write");
    }

    public void DocumentIngested(string operation, TimeSpan sincePublished)
    {
        _documentsIngested.Add(1, new KeyValuePair<string, object?>("operation", operation));
        _publishToIndexed.Record(Math.Max(0, sincePublished.TotalSeconds), new KeyValuePair<string, object?>("operation", operation));
    }

    public void DocumentFailed(string reason) => _documentsFailed.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
