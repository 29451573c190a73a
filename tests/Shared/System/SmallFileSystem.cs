using System.Diagnostics;

namespace Ingestion.Tests.Shared;

/// <summary>
/// A real, small file system (tmpfs) that a test can fill up, so that writes fail as on a full disk: with
/// <c>No space left on device</c> from the kernel, not from a mock. Mounting needs root: <see cref="TryMount"/> says
/// why it could not, and the caller skips what needs it.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private readonly string _filler;

    private SmallFileSystem(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler");
    }

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> at <paramref name="path"/> (created if missing), or says why it could not.</summary>
    public static (SmallFileSystem? Mounted, string? Why) TryMount(long bytes, string? path = null)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return (null, "Mounting a small tmpfs needs root on Linux.");
        }

        path = Directory.CreateDirectory(path ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ingestion-small-fs", Guid.NewGuid().ToString("N"))).FullName;
        var (exitCode, error) = Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", path);
        return exitCode == 0 ? (new SmallFileSystem(path), null) : (null, $"Could not mount a tmpfs: {error}");
    }

    /// <summary>Fills the file system with one file until <paramref name="freeBytes"/> are left.</summary>
    public void FillLeaving(long freeBytes)
    {
        var toFill = new DriveInfo(Path).AvailableFreeSpace - freeBytes;
        using var filler = new FileStream(_filler, FileMode.Append, FileAccess.Write);
        var block = new byte[64 * 1024];
        Random.Shared.NextBytes(block);
        try
        {
            for (var written = 0L; written < toFill; written += block.Length)
            {
                filler.Write(block, 0, (int)Math.Min(block.Length, toFill - written));
            }

            filler.Flush();
        }
        catch (IOException) when (freeBytes == 0)
        {
            // Full, as asked.
        }
    }

    /// <summary>Frees what <see cref="FillLeaving"/> took.</summary>
    public void Free() => File.Delete(_filler);

    public void Dispose()
    {
        Run("umount", "--lazy", Path);
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private static (int ExitCode, string Error) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Trim());
    }
}
