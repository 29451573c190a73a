using System.Diagnostics.Metrics;
using Ingestion.Core.Telemetry;

namespace Ingestion.Worker;

/// <summary>The worker's instruments; their names live in <see cref="IngestionTelemetry"/>.</summary>
public sealed class WorkerMetrics
{
    private readonly Counter<long> _documentsFailed;
    private readonly Counter<long> _chunksEmbedded;
    private readonly Histogram<double> _embeddingDuration;
    private readonly UpDownCounter<long> _inFlight;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(IngestionTelemetry.MeterName);
        _documentsFailed = meter.CreateCounter<long>(IngestionTelemetry.DocumentsFailed, "{document}", "Documents that failed permanently");
        _chunksEmbedded = meter.CreateCounter<long>(IngestionTelemetry.ChunksEmbedded, "{chunk}", "Chunks embedded");
        _embeddingDuration = meter.CreateHistogram<double>(IngestionTelemetry.EmbeddingDuration, "s", "Time to embed one document's chunks, cache lookups included");
        _inFlight = meter.CreateUpDownCounter<long>(IngestionTelemetry.DocumentsInFlight, "{document}", "Documents being processed");
    }

    public void DocumentFailed(string reason) => _documentsFailed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Embedded(int chunks, TimeSpan duration)
    {
        _chunksEmbedded.Add(chunks);
        _embeddingDuration.Record(duration.TotalSeconds);
    }

    /// <summary>Counts a document as in flight until the returned scope is disposed.</summary>
    public IDisposable InFlight()
    {
        _inFlight.Add(1);
        return new InFlightScope(_inFlight);
    }

    private sealed class InFlightScope(UpDownCounter<long> counter) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                counter.Add(-1);
            }
        }
    }
}
