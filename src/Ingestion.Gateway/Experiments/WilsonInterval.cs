namespace Ingestion.Gateway.Experiments;

/// <summary>The Wilson score interval of a proportion (95%): unlike the normal approximation, it stays within [0, 1] and is honest for few trials.</summary>
public static class WilsonInterval
{
    private const double Z = 1.959963984540054;

    public static (double Low, double High) Of(int successes, int trials)
    {
        if (trials <= 0)
        {
            return (0, 1);
        }

        var p = (double)successes / trials;
        var z2 = Z * Z;
        var centre = (p + (z2 / (2 * trials))) / (1 + (z2 / trials));
        var half = Z * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4.0 * trials * trials))) / (1 + (z2 / trials));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
