namespace Ingestion.Dashboard.Telemetry;

/// <summary>A first-in, first-out buffer that drops its oldest item when full. Not thread-safe: its owner locks.</summary>
internal sealed class BoundedBuffer<T>(int capacity)
{
    private readonly Queue<T> _items = new();

    public int Count => _items.Count;

    /// <summary>How many items were dropped to stay within the capacity.</summary>
    public long Dropped { get; private set; }

    public void Add(T item)
    {
        _items.Enqueue(item);
        while (_items.Count > capacity)
        {
            _items.Dequeue();
            Dropped++;
        }
    }

    public IEnumerable<T> Items => _items;
}
