using Ingestion.Gateway.Search;
using Ingestion.Index;

namespace Ingestion.Gateway.Tests.Search;

public sealed class ResultFusionTests
{
    private static ChunkHit Hit(string id, float score) => new(id, "doc-" + id, 1, "t", "x", 0, 0, 1, score);

    private static FusionParameters Rrf(int k, int window, double lexical, double dense) => new(FusionMethod.Rrf, k, window, lexical, dense);

    private static FusionParameters Cc(int window, double lexical, double dense) => new(FusionMethod.Cc, 60, window, lexical, dense);

    [Fact]
    public void AChunkFoundByBothLegsSumsItsWeightedReciprocalRanks()
    {
        var lexical = new[] { Hit("a", 9), Hit("b", 8) };
        var dense = new[] { Hit("b", 0.9f), Hit("c", 0.8f) };

        var fused = ResultFusion.Fuse(lexical, dense, Rrf(k: 10, window: 10, lexical: 1, dense: 0.5), 10);

        var b = Assert.Single(fused, f => f.Chunk.ChunkId == "b");
        Assert.Equal((1.0 / 12) + (0.5 / 11), b.Score, 12);
        Assert.Equal(new LegResult(2, 8, 1.0 / 12), b.Lexical);
        Assert.Equal(new LegResult(1, 0.9f, 0.5 / 11), b.Dense);
        Assert.Equal(b.Score, b.Lexical!.Contribution + b.Dense!.Contribution, 12); // the explanation adds up
        Assert.Null(fused.Single(f => f.Chunk.ChunkId == "c").Lexical);
    }

    [Fact]
    public void DocumentsFuseByDocumentIdWhateverChunkStandsForThemInEachLeg()
    {
        // The lexical leg scored documents whole (each by its first chunk); the dense leg by their best chunks, other ones.
        var lexical = new[] { new ChunkHit("d1#0", "d1", 1, "t", "", 0, 0, 0, 12), new ChunkHit("d2#0", "d2", 1, "t", "", 0, 0, 0, 4) };
        var dense = new[] { new ChunkHit("d2#3", "d2", 1, "t", "", 3, 0, 0, 0.9f), new ChunkHit("d1#5", "d1", 1, "t", "", 5, 0, 0, 0.5f) };

        var fused = ResultFusion.FuseDocuments(lexical, dense, Cc(window: 10, lexical: 0.5, dense: 0.5), 10);

        Assert.Equal(2, fused.Count);
        Assert.All(fused, f => Assert.NotNull(f.Lexical));
        Assert.All(fused, f => Assert.NotNull(f.Dense));
        Assert.Equal(["d1#0", "d2#0"], fused.Select(f => f.Chunk.ChunkId).Order(StringComparer.Ordinal));
        Assert.All(fused, f => Assert.Equal(0.5, f.Score, 12)); // each first in one leg and last in the other
    }

    [Fact]
    public void ResultsAreOrderedByFusedScore()
    {
        var lexical = new[] { Hit("a", 9), Hit("b", 8), Hit("c", 7) };
        var dense = new[] { Hit("b", 0.9f), Hit("c", 0.8f) };

        var fused = ResultFusion.Fuse(lexical, dense, Rrf(60, 10, 1, 1), 3);

        Assert.Equal(["b", "c", "a"], fused.Select(f => f.Chunk.ChunkId));
    }

    [Fact]
    public void HitsBeyondTheWindowDoNotContribute()
    {
        var lexical = new[] { Hit("a", 9), Hit("b", 8) };

        Assert.Equal(["a"], ResultFusion.Fuse(lexical, [], Rrf(60, 1, 1, 1), 10).Select(f => f.Chunk.ChunkId));
        Assert.Equal(["a"], ResultFusion.Fuse(lexical, [], Cc(1, 1, 1), 10).Select(f => f.Chunk.ChunkId));
    }

    [Fact]
    public void ALowDenseWeightKeepsTheLexicalOrderWhereTheLegsDisagree()
    {
        var lexical = new[] { Hit("a", 9), Hit("b", 8) };
        var dense = new[] { Hit("b", 0.9f), Hit("a", 0.1f) };

        var fused = ResultFusion.Fuse(lexical, dense, Rrf(10, 10, 1, 0.3), 2);

        Assert.Equal(["a", "b"], fused.Select(f => f.Chunk.ChunkId));
    }

    [Fact]
    public void AConvexCombinationAddsEachLegsMinMaxNormalisedScoreTimesItsWeight()
    {
        // BM25 scores 12, 8, 2 normalise to 1, 0.6, 0; cosines 0.9, 0.5, 0.4 to 1, 0.2, 0.
        var lexical = new[] { Hit("a", 12), Hit("b", 8), Hit("c", 2) };
        var dense = new[] { Hit("b", 0.9f), Hit("d", 0.5f), Hit("a", 0.4f) };

        var fused = ResultFusion.Fuse(lexical, dense, Cc(window: 10, lexical: 0.5, dense: 0.5), 10);

        var b = Assert.Single(fused, f => f.Chunk.ChunkId == "b");
        Assert.Equal((0.5 * 0.6) + (0.5 * 1.0), b.Score, 6);
        Assert.Equal(0.5 * 0.6, b.Lexical!.Contribution, 6);
        Assert.Equal(0.5, b.Dense!.Contribution, 6);
        Assert.Equal(b.Score, b.Lexical.Contribution + b.Dense.Contribution, 12);

        // A leg that did not find a chunk adds nothing: the same as its window's lowest score.
        var d = Assert.Single(fused, f => f.Chunk.ChunkId == "d");
        Assert.Null(d.Lexical);
        Assert.Equal(0.5 * 0.2, d.Score, 6);
        Assert.Equal(["b", "a", "d", "c"], fused.Select(f => f.Chunk.ChunkId));
    }

    [Fact]
    public void AConvexCombinationFollowsTheScoresWhereReciprocalRanksCannot()
    {
        // BM25 ranks a far ahead of b (30 against 10.5); the dense leg has b, c and a nearly level. Ranks alone make b
        // win (first and second beat first and third); the score margins make a win.
        var lexical = new[] { Hit("a", 30), Hit("b", 10.5f), Hit("c", 10) };
        var dense = new[] { Hit("b", 0.61f), Hit("c", 0.605f), Hit("a", 0.60f), Hit("d", 0.1f) };

        Assert.Equal("b", ResultFusion.Fuse(lexical, dense, Rrf(60, 10, 1, 1), 1)[0].Chunk.ChunkId);
        Assert.Equal("a", ResultFusion.Fuse(lexical, dense, Cc(10, 0.5, 0.5), 1)[0].Chunk.ChunkId);
    }

    [Fact]
    public void AWindowOfEqualScoresNormalisesToFullWeight()
    {
        var fused = ResultFusion.Fuse([Hit("a", 3)], [Hit("a", 0.5f)], Cc(10, 0.5, 0.5), 10);

        Assert.Equal(1.0, Assert.Single(fused).Score, 12);
    }
}
