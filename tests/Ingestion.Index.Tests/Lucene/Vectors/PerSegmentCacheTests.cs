using Ingestion.Index.Lucene.Vectors;

namespace Ingestion.Index.Tests.Lucene.Vectors;

public sealed class PerSegmentCacheTests
{
    [Fact]
    public async Task SearchesThatAskForTheSameSegmentAtOnceBuildItsValueOnce()
    {
        var cache = new PerSegmentCache<object>();
        var core = new object();
        var loads = 0;
        var callers = 8;
        using var allAsking = new Barrier(callers);

        var values = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(() =>
        {
            allAsking.SignalAndWait(TimeSpan.FromSeconds(10));
            return cache.GetOrLoad(core, () =>
            {
                Interlocked.Increment(ref loads);
                // Long enough that every racing caller is inside GetOrLoad while the first one loads.
                SpinWait.SpinUntil(() => false, TimeSpan.FromMilliseconds(200));
                return new object();
            });
        })));

        Assert.Equal(1, loads);
        Assert.All(values, value => Assert.Same(values[0], value));
    }

    [Fact]
    public void EachSegmentHasItsOwnValue()
    {
        var cache = new PerSegmentCache<string>();
        var first = new object();
        var second = new object();

        Assert.Equal("a", cache.GetOrLoad(first, () => "a"));
        Assert.Equal("b", cache.GetOrLoad(second, () => "b"));
        Assert.Equal("a", cache.GetOrLoad(first, () => "not loaded again"));
    }

    [Fact]
    public void AFailedLoadIsTriedAgainByTheNextSearch()
    {
        var cache = new PerSegmentCache<string>();
        var core = new object();

        Assert.Throws<IOException>(() => cache.GetOrLoad(core, () => throw new IOException("segment closed")));

        Assert.Equal("loaded", cache.GetOrLoad(core, () => "loaded"));
    }
}
