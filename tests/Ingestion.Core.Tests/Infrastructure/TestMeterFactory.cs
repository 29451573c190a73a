using System.Diagnostics.Metrics;

namespace Ingestion.Core.Tests.Infrastructure;

/// <summary>Meters for instruments under test, outside any host.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}
