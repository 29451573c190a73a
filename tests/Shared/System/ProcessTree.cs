using System.Globalization;

namespace Ingestion.Tests.Shared;

/// <summary>What a process and its descendants use, read from <c>/proc</c> (a project runs under <c>dotnet run</c>, so its service is a child).</summary>
public static class ProcessTree
{
    /// <summary>CPU seconds used so far by the process and every descendant; 0 for one that has exited.</summary>
    public static double CpuSeconds(int processId) =>
        Members(processId).Sum(pid => Stat(pid) is { } fields ? (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0 : 0);

    /// <summary>Resident memory of the process and every descendant, in bytes.</summary>
    public static long ResidentBytes(int processId) =>
        Members(processId).Sum(pid => Stat(pid) is { } fields ? long.Parse(fields[21], CultureInfo.InvariantCulture) * Environment.SystemPageSize : 0);

    /// <summary>The Linux nice value of each thread of one process (field 19 of <c>/proc/PID/task/TID/stat</c>), by thread id.</summary>
    public static Dictionary<int, int> NiceOfThreads(int processId) =>
        SafeDirectories($"/proc/{processId}/task")
            .Select(task => (Thread: int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture), Fields: SafeRead(Path.Combine(task, "stat"))))
            .Where(t => t.Fields is not null)
            .ToDictionary(t => t.Thread, t => int.Parse(AfterName(t.Fields!)[16], CultureInfo.InvariantCulture));

    /// <summary>The process that does the work: the deepest descendant (the service under its <c>dotnet run</c> host), or the process itself.</summary>
    public static int Service(int processId)
    {
        var members = Members(processId);
        return members[^1];
    }

    private static List<int> Members(int root)
    {
        var members = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            members.Add(pid);
            foreach (var task in SafeDirectories($"/proc/{pid}/task"))
            {
                var children = SafeRead(Path.Combine(task, "children"));
                foreach (var child in children?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [])
                {
                    pending.Push(int.Parse(child, CultureInfo.InvariantCulture));
                }
            }
        }

        return members;
    }

    /// <summary>The fields of <c>/proc/PID/stat</c> after the command name (so field 0 is the state): utime is [11], stime [12], rss pages [21].</summary>
    private static string[]? Stat(int pid) =>
        SafeRead($"/proc/{pid}/stat") is { } stat ? AfterName(stat) : null;

    /// <summary>A stat line's fields after the command name, which may hold spaces and parentheses (hence the last ')').</summary>
    private static string[] AfterName(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    private static string? SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
