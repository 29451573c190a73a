using Ingestion.Core.Indexing;
using Ingestion.Core.Retrieval;

namespace Ingestion.Core.Tests.Retrieval;

public sealed class ReciprocalRankFusionTests
{
    private static ChunkHit Hit(string id, float score) => new(id, "doc-" + id, 1, "t", "x", 0, 0, 1, score);

    [Fact]
    public void AChunkFoundByBothLegsSumsItsWeightedReciprocalRanks()
    {
        var lexical = new[] { Hit("a", 9), Hit("b", 8) };
        var dense = new[] { Hit("b", 0.9f), Hit("c", 0.8f) };

        var fused = ReciprocalRankFusion.Fuse(lexical, dense, new FusionParameters(RrfK: 10, Window: 10, LexicalWeight: 1, DenseWeight: 0.5), 10);

        var b = Assert.Single(fused, f => f.Chunk.ChunkId == "b");
        Assert.Equal((1.0 / 12) + (0.5 / 11), b.Score, 12);
        Assert.Equal(new LegResult(2, 8, 1.0 / 12), b.Lexical);
        Assert.Equal(new LegResult(1, 0.9f, 0.5 / 11), b.Dense);
        Assert.Equal(b.Score, b.Lexical!.Contribution + b.Dense!.Contribution, 12); // the explanation adds up
        Assert.Null(fused.Single(f => f.Chunk.ChunkId == "c").Lexical);
    }

    [Fact]
    public void ResultsAreOrderedByFusedScore()
    {
        var lexical = new[] { Hit("a", 9), Hit("b", 8), Hit("c", 7) };
        var dense = new[] { Hit("b", 0.9f), Hit("c", 0.8f) };

        var fused = ReciprocalRankFusion.Fuse(lexical, dense, new FusionParameters(60, 10, 1, 1), 3);

        Assert.Equal(["b", "c", "a"], fused.Select(f => f.Chunk.ChunkId));
    }

    [Fact]
    public void HitsBeyondTheWindowDoNotContribute()
    {
        var lexical = new[] { Hit("a", 9), Hit("b", 8) };

        var fused = ReciprocalRankFusion.Fuse(lexical, [], new FusionParameters(60, 1, 1, 1), 10);

        Assert.Equal(["a"], fused.Select(f => f.Chunk.ChunkId));
    }

    [Fact]
    public void ALowDenseWeightKeepsTheLexicalOrderWhereTheLegsDisagree()
    {
        var lexical = new[] { Hit("a", 9), Hit("b", 8) };
        var dense = new[] { Hit("b", 0.9f), Hit("a", 0.1f) };

        var fused = ReciprocalRankFusion.Fuse(lexical, dense, new FusionParameters(10, 10, 1, 0.3), 2);

        Assert.Equal(["a", "b"], fused.Select(f => f.Chunk.ChunkId));
    }
}
