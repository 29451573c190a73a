namespace Ingestion.Hosting.Processes;

/// <summary>A bounded, thread-safe buffer of a process's most recent output lines.</summary>
public sealed class ConsoleLog(int capacity)
{
    private readonly Queue<ConsoleLine> _lines = new();
    private readonly System.Threading.Lock _lock = new();

    public void Add(ConsoleLine line)
    {
        lock (_lock)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<ConsoleLine> Snapshot()
    {
        lock (_lock)
        {
            return [.. _lines];
        }
    }
}

/// <summary>One line of a process's output.</summary>
public sealed record ConsoleLine(DateTimeOffset Time, bool IsError, string Text);
