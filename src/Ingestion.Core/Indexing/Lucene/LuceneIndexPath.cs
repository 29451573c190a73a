namespace Ingestion.Core.Indexing.Lucene;

/// <summary>The folder of the Lucene index inside the configured data path.</summary>
internal static class LuceneIndexPath
{
    public static string Of(IndexOptions options) => Path.Combine(Path.GetFullPath(options.DataPath), "lucene");
}
