using System.Diagnostics.Metrics;

namespace Ingestion.Tests.Shared;

/// <summary>Meters for instruments under test, outside any host.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}
