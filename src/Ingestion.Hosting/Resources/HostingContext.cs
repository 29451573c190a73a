namespace Ingestion.Hosting.Resources;

/// <summary>What every resource needs to know of the run: where data folders go.</summary>
public sealed record HostingContext(string DataPath)
{
    public string DataFolderOf(string resourceName)
    {
        var path = Path.Combine(DataPath, resourceName);
        Directory.CreateDirectory(path);
        return path;
    }
}
