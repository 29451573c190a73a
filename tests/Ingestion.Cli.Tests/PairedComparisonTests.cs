using Ingestion.Client.Evaluation;

namespace Ingestion.Cli.Tests;

public sealed class PairedComparisonTests
{
    [Fact]
    public void ThePValueIsTheShareOfSignAssignmentsWithAMeanDifferenceAtLeastTheObservedOne()
    {
        // By hand: differences 0.5, -0.1, 0.2 sum to 0.6; of the eight sign assignments, ±0.8 and ±0.6 reach |0.6|: p = 4/8.
        var a = new Dictionary<string, double> { ["q1"] = 0.2, ["q2"] = 0.6, ["q3"] = 0.3, ["q4"] = 0.5 };
        var b = new Dictionary<string, double> { ["q1"] = 0.7, ["q2"] = 0.5, ["q3"] = 0.5, ["q4"] = 0.5 };

        var comparison = PairedComparison.Of(a, b);

        Assert.Equal(0.5, comparison.PValue, 12);
        Assert.True(comparison.Exact);
        Assert.Equal((2, 1, 1), (comparison.Wins, comparison.Ties, comparison.Losses));
        Assert.Equal(0.15, comparison.Delta, 12);
        Assert.Equal(0.4, comparison.MeanA, 12);
        Assert.Equal(0.55, comparison.MeanB, 12);
    }

    [Fact]
    public void AllDifferencesOfOneSignGiveTwoAssignmentsInTwoToTheNAndNoneGivesOne()
    {
        var a = new Dictionary<string, double> { ["q1"] = 0.0, ["q2"] = 0.0, ["q3"] = 0.0 };
        var b = new Dictionary<string, double> { ["q1"] = 0.1, ["q2"] = 0.2, ["q3"] = 0.3 };

        Assert.Equal(2.0 / 8, PairedComparison.Of(a, b).PValue, 12);
        Assert.Equal(1.0, PairedComparison.Of(a, a).PValue, 12);
        Assert.Equal(3, PairedComparison.Of(a, a).Ties);
    }

    [Fact]
    public void ManyQueriesAreSampledWithASeedAndAConsistentGainIsFarFromChanceWhicheverWayRound()
    {
        var a = Enumerable.Range(0, 300).ToDictionary(i => $"q{i}", i => (i % 7) / 10.0);
        var b = a.ToDictionary(q => q.Key, q => q.Value + (int.Parse(q.Key[1..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0 ? 0 : 0.05));

        var forward = PairedComparison.Of(a, b);
        var backward = PairedComparison.Of(b, a);

        Assert.False(forward.Exact);
        Assert.True(forward.PValue < 0.001, $"p = {forward.PValue}");
        Assert.Equal(forward.PValue, backward.PValue, 12);
        Assert.Equal(-forward.Delta, backward.Delta, 12);
        Assert.Equal(forward.PValue, PairedComparison.Of(a, b).PValue, 12); // seeded: the same figures, the same p
    }

    [Fact]
    public void ASmallMeanDifferenceAmidLargeOnesOfBothSignsIsNotSignificant()
    {
        // Differences of +0.011 and -0.010 in turn: a mean of 0.0005 against a spread of 0.01 (z ≈ 0.7, p ≈ 0.5).
        var a = Enumerable.Range(0, 200).ToDictionary(i => $"q{i}", i => 0.5);
        var b = Enumerable.Range(0, 200).ToDictionary(i => $"q{i}", i => 0.5 + (i % 2 == 0 ? 0.011 : -0.010));

        var comparison = PairedComparison.Of(a, b);

        Assert.InRange(comparison.PValue, 0.3, 0.7);
        Assert.Equal((100, 0, 100), (comparison.Wins, comparison.Ties, comparison.Losses));
    }

    [Fact]
    public void OnlyQueriesBothRunsHaveAreCompared()
    {
        var a = new Dictionary<string, double> { ["q1"] = 0.5, ["q2"] = 0.5 };
        var b = new Dictionary<string, double> { ["q2"] = 1.0, ["q3"] = 1.0 };

        var comparison = PairedComparison.Of(a, b);

        Assert.Equal(1, comparison.Queries);
        Assert.Equal(["q2"], comparison.Differences.Keys);
    }
}
