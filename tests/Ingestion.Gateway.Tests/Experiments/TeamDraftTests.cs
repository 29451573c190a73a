using Ingestion.Gateway.Experiments;

namespace Ingestion.Gateway.Tests.Experiments;

public sealed class TeamDraftTests
{
    [Fact]
    public void EachArmAddsItsBestItemNotShownYetTakingTurnsWithNoItemTwice()
    {
        string[] a = ["a1", "shared", "a2", "a3"];
        string[] b = ["shared", "b1", "b2", "b3"];

        var (merged, arms) = TeamDraft.Merge(a, b, x => x, 6, new Random(3));

        Assert.Equal(merged.Count, merged.Distinct().Count());
        Assert.Equal(6, merged.Count);
        // Every item an arm picked is that arm's own, in its own order.
        Assert.All(merged.Where((_, i) => arms[i] == "A"), x => Assert.Contains(x, a));
        Assert.All(merged.Where((_, i) => arms[i] == "B"), x => Assert.Contains(x, b));
        Assert.Equal(a.Where(x => merged.Where((_, i) => arms[i] == "A").Contains(x)), merged.Where((_, i) => arms[i] == "A"));
        // Neither arm is ever two picks ahead.
        for (var n = 1; n <= arms.Count; n++)
        {
            Assert.InRange(arms.Take(n).Count(x => x == "A") - arms.Take(n).Count(x => x == "B"), -1, 1);
        }
    }

    [Fact]
    public void TheArmThatPicksFirstIsACoinTossSoNeitherArmOwnsTheTop()
    {
        string[] a = ["a1", "a2"];
        string[] b = ["b1", "b2"];

        var first = Enumerable.Range(0, 400).Select(seed => TeamDraft.Merge(a, b, x => x, 1, new Random(seed)).Arms[0]).ToList();

        Assert.InRange(first.Count(x => x == "A"), 150, 250);
    }

    [Fact]
    public void WhenOneArmRunsOutTheOtherFillsTheList()
    {
        var (merged, arms) = TeamDraft.Merge(["only"], ["b1", "b2", "b3"], x => x, 4, new Random(1));

        Assert.Equal(4, merged.Count);
        Assert.Equal(3, arms.Count(x => x == "B"));
    }
}
