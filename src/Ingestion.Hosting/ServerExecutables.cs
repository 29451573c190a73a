namespace Ingestion.Hosting;

/// <summary>Finds the machine's server programs, or says which is missing and how to install it.</summary>
internal static class ServerExecutables
{
    /// <summary>The absolute path of <paramref name="program"/>: a path as given, else the first match on the PATH, else in <paramref name="places"/>.</summary>
    public static string? Find(string program, params string[] places)
    {
        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : null;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(places);
        return folders.Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
    }

    /// <summary>The program's path, or a <see cref="HostingException"/> naming it and the script that installs it.</summary>
    public static string Require(string resource, string program, string installedBy, params string[] places) =>
        Find(program, places)
        ?? throw new HostingException($"{resource}: '{program}' is not installed. Run 'bash eng/install-servers.sh' (it installs Debian's {installedBy}).");
}
