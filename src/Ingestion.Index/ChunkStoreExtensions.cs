using Ingestion.Index.Elasticsearch;
using Ingestion.Index.Lucene;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Index;

/// <summary>
/// Chooses the chunk store: the embedded Lucene store by default, Elasticsearch when the connection string
/// <c>ConnectionStrings__{name}</c> names a cluster. The writer (the indexer) and the readers (the gateway) choose alike
/// from the same setting, and each store registers what it needs beside (hosted services, health checks), so no service
/// asks which store it runs on.
/// </summary>
public static class ChunkStoreExtensions
{
    public static bool UsesElasticsearch(this IConfiguration configuration, string connectionName) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(connectionName));

    /// <summary>The store's single writer, for the indexer.</summary>
    public static IHostApplicationBuilder AddChunkIndexWriter(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configuration.UsesElasticsearch(connectionName)
            ? builder.AddElasticsearchWriter(connectionName)
            : builder.AddLuceneWriter();
    }

    /// <summary>A reader of the store, for the gateway.</summary>
    public static IHostApplicationBuilder AddChunkIndexReader(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configuration.UsesElasticsearch(connectionName)
            ? builder.AddElasticsearchReader(connectionName)
            : builder.AddLuceneReader();
    }
}
