using Ingestion.Index.Lucene.Vectors;

namespace Ingestion.Index.Tests.Lucene.Vectors;

/// <summary>1-bit codes around a centre, their Hamming distance, and where the binary first pass cuts its candidates.</summary>
public sealed class BinaryCodesTests
{
    [Theory]
    [InlineData(384)]
    [InlineData(70)]
    [InlineData(5)]
    public void ABitIsSetExactlyWhereTheVectorLiesAboveTheCentreAndTheDistanceCountsDifferingBits(int dimension)
    {
        var random = new Random(dimension);
        var centre = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f).ToArray();
        var a = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var b = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var codeA = new ulong[BinaryCodes.WordsFor(dimension)];
        var codeB = new ulong[BinaryCodes.WordsFor(dimension)];

        BinaryCodes.Encode(a, centre, codeA);
        BinaryCodes.Encode(b, centre, codeB);

        Assert.All(Enumerable.Range(0, dimension), i => Assert.Equal(a[i] > centre[i], (codeA[i / 64] >> (i % 64) & 1) == 1));
        Assert.Equal(Enumerable.Range(0, dimension).Count(i => a[i] > centre[i] != b[i] > centre[i]), BinaryCodes.Distance(codeA, codeB));
    }

    [Fact]
    public void AnInt8VectorGetsTheBitsOfTheFloatsItStandsFor()
    {
        sbyte[] quantised = [-3, 0, 5, 127, -127];
        const float Scale = 0.01f;
        float[] centre = [-0.05f, 0.001f, 0.04f, 1.3f, -1.28f];
        var fromInt8 = new ulong[1];
        var fromFloats = new ulong[1];

        BinaryCodes.Encode(quantised, Scale, centre, fromInt8);
        BinaryCodes.Encode([.. quantised.Select(q => q * Scale)], centre, fromFloats);

        Assert.Equal(fromFloats[0], fromInt8[0]);
        Assert.Equal(0b10101UL, fromInt8[0]);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, 1, 0, 1)]
    [InlineData(new[] { 2, 3, 4 }, 2, 0, 2)]
    [InlineData(new[] { 2, 3, 4 }, 4, 1, 2)]
    [InlineData(new[] { 0, 0, 5 }, 3, 2, 3)]
    [InlineData(new[] { 1, 1, 1 }, 9, 3, 0)]
    public void TheCutoffTakesEveryChunkNearerThanItAndOnlyEnoughAtIt(int[] histogram, int keep, int within, int atEdge) =>
        Assert.Equal((within, atEdge), BinaryFirstPass.Cutoff(histogram, keep));
}
