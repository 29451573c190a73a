using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker;

/// <summary>
/// Lowers the priority of every thread of the worker to <see cref="WorkerOptions.Nice"/> at start. Linux keeps a nice
/// value per thread and a new thread takes its creator's, so once every thread is lowered, every thread made later
/// (ONNX Runtime's, the thread pool's) is lower too; .NET's <c>Process.PriorityClass</c> would lower only the main thread.
/// </summary>
internal sealed partial class WorkerPriority(IOptions<WorkerOptions> options, ILogger<WorkerPriority> logger) : IHostedService
{
    private const int PriorityOfProcess = 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var nice = options.Value.Nice;
        if (nice == 0 || !OperatingSystem.IsLinux())
        {
            return Task.CompletedTask;
        }

        // Threads started while a pass runs are found by the next; a pass that finds none new ends it.
        var lowered = new HashSet<int>();
        int before;
        do
        {
            before = lowered.Count;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (int.TryParse(Path.GetFileName(task), out var thread) && lowered.Add(thread) && SetPriority(PriorityOfProcess, thread, nice) != 0)
                {
                    LogNotLowered(logger, thread, Marshal.GetLastPInvokeError());
                }
            }
        }
        while (lowered.Count > before);

        LogLowered(logger, lowered.Count, nice);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [LoggerMessage(Level = LogLevel.Information, Message = "The worker's {Threads} threads run at nice {Nice} (Worker:Nice), below the gateway and the indexer")]
    private static partial void LogLowered(ILogger logger, int threads, int nice);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Thread {Thread} could not be lowered (errno {Error}); it keeps its priority")]
    private static partial void LogNotLowered(ILogger logger, int thread, int error);
}
