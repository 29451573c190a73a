using Ingestion.Index.Lucene.Vectors;

namespace Ingestion.Index.Tests.Lucene.Vectors;

/// <summary>Scalar quantisation to signed bytes and the integer dot product the quantised dense scan uses.</summary>
public sealed class Int8VectorsTests
{
    [Theory]
    [InlineData(384)]
    [InlineData(37)]
    [InlineData(8)]
    public void TheDotProductEqualsTheSumOfProductsForAnyLength(int length)
    {
        var random = new Random(length);
        var a = new sbyte[length];
        var b = new sbyte[length];
        for (var i = 0; i < length; i++)
        {
            a[i] = (sbyte)random.Next(-127, 128);
            b[i] = (sbyte)random.Next(-127, 128);
        }

        var expected = 0;
        for (var i = 0; i < length; i++)
        {
            expected += a[i] * b[i];
        }

        Assert.Equal(expected, Int8Vectors.Dot(a, b));
    }

    [Fact]
    public void AQuantisedVectorComesBackWithinHalfAStepOfItsScale()
    {
        var random = new Random(7);
        var vector = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var quantised = new sbyte[vector.Length];

        var scale = Int8Vectors.Quantize(vector, quantised);

        Assert.Equal(vector.Max(MathF.Abs) / 127f, scale, 6);
        Assert.Contains(quantised, q => q is 127 or -127);
        for (var i = 0; i < vector.Length; i++)
        {
            Assert.True(MathF.Abs((quantised[i] * scale) - vector[i]) <= (scale / 2) + 1e-6f, $"component {i}");
        }
    }

    [Fact]
    public void AZeroVectorQuantisesToZeroWithScaleZero()
    {
        var quantised = new sbyte[] { 1, 2, 3 };

        Assert.Equal(0f, Int8Vectors.Quantize(new float[3], quantised));
        Assert.All(quantised, q => Assert.Equal(0, q));
    }
}
