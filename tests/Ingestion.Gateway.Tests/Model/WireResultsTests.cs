using System.Globalization;
using System.Text.Json;
using Ingestion.Gateway.Model;
using Ingestion.Gateway.Search;

namespace Ingestion.Gateway.Tests.Model;

/// <summary>A leg's single-precision score reaches the answer as the digits it had, not the noise of widening it to double.</summary>
public sealed class WireResultsTests
{
    [Theory]
    [InlineData(0.8242831f, "0.8242831")]
    [InlineData(12.345678f, "12.345678")]
    [InlineData(0.1f, "0.1")]
    public void ALegsScoreIsWidenedThroughItsShortestDecimal(float score, string printed)
    {
        var wire = new LegResult(3, score, 0.25).ToWire();

        Assert.NotNull(wire);
        Assert.Equal(double.Parse(printed, CultureInfo.InvariantCulture), wire.Score);
        Assert.Equal((3, 0.25), (wire.Rank, wire.Contribution));
        Assert.Equal(printed, JsonSerializer.Serialize(wire.Score));
    }

    [Fact]
    public void NoLegGivesNoResult() => Assert.Null(((LegResult?)null).ToWire());
}
