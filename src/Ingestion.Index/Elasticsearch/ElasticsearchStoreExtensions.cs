using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Index.Elasticsearch;

/// <summary>The Elasticsearch store: Elastic's client for the cluster (with its credentials and retries), the index behind the alias, and options.</summary>
public static class ElasticsearchStoreExtensions
{
    public static IHostApplicationBuilder AddElasticsearchWriter(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.AddElasticsearchStore(connectionName);
        builder.Services.AddSingleton<IChunkIndexWriter, ElasticsearchChunkIndexWriter>();
        return builder;
    }

    /// <summary>A reader; Elasticsearch refreshes on its own, so nothing runs beside it.</summary>
    public static IHostApplicationBuilder AddElasticsearchReader(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.AddElasticsearchStore(connectionName);
        builder.Services.AddSingleton<IChunkIndexReader, ElasticsearchChunkIndexReader>();
        return builder;
    }

    private static void AddElasticsearchStore(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
    }
}
