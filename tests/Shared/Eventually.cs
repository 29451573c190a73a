namespace Ingestion.Tests.Shared;

/// <summary>Waits on a condition with a timeout, never on a fixed sleep.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string description, TimeSpan? timeout = null)
        where T : struct
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:F0} s waiting for {description}.");
            }
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string description, TimeSpan? timeout = null) =>
        ValueAsync(async () => await probe() ? true : (bool?)null, description, timeout);
}
