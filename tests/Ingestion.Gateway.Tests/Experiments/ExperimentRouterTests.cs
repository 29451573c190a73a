using Ingestion.Gateway.Experiments;

namespace Ingestion.Gateway.Tests.Experiments;

public sealed class ExperimentRouterTests
{
    [Fact]
    public void ACallersArmIsStableAndTheShareOfCallersInBIsAsConfigured()
    {
        var buckets = Enumerable.Range(0, 4000).Select(i => ExperimentRouter.Bucket("weights", $"user:u{i}")).ToList();

        Assert.All(buckets, b => Assert.InRange(b, 0.0, 0.9999999999));
        Assert.Equal(buckets, Enumerable.Range(0, 4000).Select(i => ExperimentRouter.Bucket("weights", $"user:u{i}")));
        Assert.InRange(buckets.Count(b => b < 0.3), 1080, 1320); // 30% ± 3 standard deviations and a little
        // Another experiment draws its arms afresh.
        Assert.NotEqual(buckets.Select(b => b < 0.5), Enumerable.Range(0, 4000).Select(i => ExperimentRouter.Bucket("other", $"user:u{i}") < 0.5));
    }

    [Fact]
    public void TheWilsonIntervalMatchesItsPublishedValues()
    {
        // 5 of 10: 0.2366 to 0.7634; 0 of 20: 0 to 0.1611 (Wilson, 1927; as tabulated by Newcombe, 1998).
        var (low, high) = WilsonInterval.Of(5, 10);
        Assert.Equal(0.2366, low, 4);
        Assert.Equal(0.7634, high, 4);
        var (none, upper) = WilsonInterval.Of(0, 20);
        Assert.Equal(0, none, 12);
        Assert.Equal(0.1611, upper, 4);
    }
}
