namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// The one-writer lock of the embedded store, held by an open file (<see cref="FileShare.None"/>, which .NET takes
/// as an exclusive <c>flock</c> on Linux), so the kernel releases it when the holder dies. Lucene.Net's own
/// <c>write.lock</c> does not exclude a writer in another process on Linux (its native lock factory grants it to
/// both), so without this lock two indexers would write one index.
/// </summary>
internal sealed class WriterLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _held;

    private WriterLock(FileStream held) => _held = held;

    /// <summary>Takes the lock of the store under <paramref name="root"/>, waiting up to <paramref name="timeout"/> for a holder that is going away.</summary>
    public static WriterLock Acquire(string root, TimeSpan timeout)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, "writer.lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new WriterLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(PollInterval);
            }
            catch (IOException exception)
            {
                throw new IOException($"The embedded index {root} has another writer (is another indexer running on it?): its lock {path} was not free within {timeout.TotalSeconds:0.#} s.", exception);
            }
        }
    }

    public void Dispose() => _held.Dispose();
}
