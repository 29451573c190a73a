using System.Runtime.CompilerServices;

namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// One value per segment core, built once however many searches ask for it at the same moment, and dropped with the
/// core. A plain <see cref="ConditionalWeakTable{TKey,TValue}.GetValue"/> runs its loader once per racing caller,
/// and a segment's matrix can be hundreds of megabytes: the first searches after a merge would each build it.
/// </summary>
internal sealed class PerSegmentCache<T> where T : class
{
    private readonly ConditionalWeakTable<object, Lazy<T>> _values = [];

    public T GetOrLoad(object coreKey, Func<T> load)
    {
        var value = _values.GetValue(coreKey, _ => new Lazy<T>(load, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return value.Value;
        }
        catch
        {
            // Lazy keeps a loader's exception for good; a failed read (I/O, a closing reader) must be tried again.
            _values.Remove(coreKey);
            throw;
        }
    }
}
