using Ingestion.Core.Indexing;
using Ingestion.Core.Indexing.Elasticsearch;
using Ingestion.Core.Indexing.Lucene;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ingestion.Infrastructure.Stores;

/// <summary>
/// Chooses the chunk store: the embedded Lucene store by default, Elasticsearch when the connection string
/// <c>ConnectionStrings__{name}</c> names a cluster. The writer (the indexer) and the
/// readers (the gateway) choose alike from the same setting.
/// </summary>
public static class ChunkStoreExtensions
{
    public static bool UsesElasticsearch(this IConfiguration configuration, string connectionName) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(connectionName));

    public static IHostApplicationBuilder AddChunkIndexWriter(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.UsesElasticsearch(connectionName))
        {
            return builder.AddEmbeddedIndexWriter();
        }

        builder.AddElasticsearchStore(connectionName);
        builder.Services.AddSingleton<IChunkIndexWriter, ElasticsearchChunkIndexWriter>();
        return builder;
    }

    public static IHostApplicationBuilder AddChunkIndexReader(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.UsesElasticsearch(connectionName))
        {
            return builder.AddEmbeddedIndexReader();
        }

        builder.AddElasticsearchStore(connectionName);
        builder.Services.AddSingleton<IChunkSearcher, ElasticsearchChunkSearcher>();
        return builder;
    }

    /// <summary>Elastic's client for the cluster (with its credentials and retries), the index behind the alias, and options.</summary>
    private static IHostApplicationBuilder AddElasticsearchStore(this IHostApplicationBuilder builder, string connectionName)
    {
        var connection = ElasticsearchConnection.Parse(builder.Configuration.GetConnectionString(connectionName)!);
        builder.Services.AddOptions<ElasticsearchOptions>()
            .BindConfiguration(ElasticsearchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(_ => ElasticsearchClients.Create(connection, ElasticsearchResilience.Around));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ElasticsearchIndex>();
        builder.Services.AddSingleton<ElasticsearchBulk>();
        builder.Services.AddHealthChecks().AddCheck<ElasticsearchHealthCheck>(connectionName);
        return builder;
    }

    public static IHostApplicationBuilder AddIndexOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IndexOptions>()
            .BindConfiguration(IndexOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// The embedded store's single writer, opened when the host starts, before anything consumes: a start that cannot
    /// take the index's write lock (another indexer holds it) fails, so only one indexer ever takes messages.
    /// </summary>
    private static IHostApplicationBuilder AddEmbeddedIndexWriter(this IHostApplicationBuilder builder)
    {
        builder.AddIndexOptions();
        builder.Services.AddSingleton<LuceneChunkIndexWriter>();
        builder.Services.AddSingleton<IChunkIndexWriter>(sp => sp.GetRequiredService<LuceneChunkIndexWriter>());
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, EmbeddedIndexWriterStartup>());
        builder.Services.AddHealthChecks().AddCheck<EmbeddedIndexWriterHealthCheck>("index-writer");
        return builder;
    }

    /// <summary>A reader of the embedded store; the caller refreshes it (see <see cref="LuceneChunkSearcher.Refresh"/>).</summary>
    private static IHostApplicationBuilder AddEmbeddedIndexReader(this IHostApplicationBuilder builder)
    {
        builder.AddIndexOptions();
        builder.Services.AddSingleton<LuceneChunkSearcher>();
        builder.Services.AddSingleton<IChunkSearcher>(sp => sp.GetRequiredService<LuceneChunkSearcher>());
        return builder;
    }
}
