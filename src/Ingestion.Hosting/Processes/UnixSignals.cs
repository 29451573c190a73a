using System.Runtime.InteropServices;

namespace Ingestion.Hosting.Processes;

/// <summary>SIGTERM, so servers and services can shut down cleanly; .NET can only send SIGKILL to another process.</summary>
internal static partial class UnixSignals
{
    private const int SigTerm = 15;

    public static bool Terminate(int processId) => OperatingSystem.IsWindows() ? false : Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
