namespace Ingestion.Tests.Shared;

/// <summary>Finds the embedding model that eng/fetch-model.sh fetched, or fails saying how to fetch it.</summary>
internal static class ModelLocation
{
    public static string Directory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("Embeddings__ModelPath");
            var path = string.IsNullOrWhiteSpace(configured) ? DefaultCacheFolder : configured;
            if (!File.Exists(Path.Combine(path, "model.json")))
            {
                Assert.Fail($"The embedding model is not in '{path}'. Run 'bash eng/fetch-model.sh' (or set Embeddings__ModelPath).");
            }

            return path;
        }
    }

    /// <summary>The folder eng/fetch-model.sh writes to when INGESTION_CACHE is not set.</summary>
    private static string DefaultCacheFolder => Path.Combine(
        Environment.GetEnvironmentVariable("INGESTION_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ingestion"),
        "models",
        "use-lite-en-0.2.0");
}
