using Ingestion.Core.Indexing;
using Ingestion.Core.Indexing.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.DependencyInjection;

/// <summary>
/// Chooses the chunk store: the embedded Lucene store by default, Elasticsearch when <c>ConnectionStrings__search</c>
/// names a cluster. The writer (the indexer) and the readers (the gateway) choose alike from the same setting.
/// </summary>
public static class ChunkStoreExtensions
{
    public const string SearchConnectionName = "search";

    public static bool UsesElasticsearch(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(SearchConnectionName));

    public static IHostApplicationBuilder AddChunkIndexWriter(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.UsesElasticsearch())
        {
            return builder.AddEmbeddedIndexWriter();
        }

        builder.AddElasticsearchStore();
        builder.Services.AddSingleton<IChunkIndexWriter, ElasticsearchChunkIndexWriter>();
        return builder;
    }

    public static IHostApplicationBuilder AddChunkIndexReader(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.UsesElasticsearch())
        {
            return builder.AddEmbeddedIndexReader();
        }

        builder.AddElasticsearchStore();
        builder.Services.AddSingleton<IChunkSearcher, ElasticsearchChunkSearcher>();
        return builder;
    }

    /// <summary>The cluster's client (named HttpClient with its credentials), the index behind the alias, and options.</summary>
    private static IHostApplicationBuilder AddElasticsearchStore(this IHostApplicationBuilder builder)
    {
        var connection = ElasticsearchConnection.Parse(builder.Configuration.GetConnectionString(SearchConnectionName)!);
        builder.Services.AddOptions<ElasticsearchOptions>()
            .BindConfiguration(ElasticsearchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHttpClient(ElasticsearchClient.HttpClientName, http =>
        {
            http.BaseAddress = new Uri(connection.Endpoint.ToString().TrimEnd('/') + "/");
            http.DefaultRequestHeaders.Authorization = connection.Authorization;
        });
        builder.Services.AddSingleton<ElasticsearchClient>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ElasticsearchIndex>();
        builder.Services.AddHealthChecks().AddCheck<ElasticsearchHealthCheck>(SearchConnectionName);
        return builder;
    }
}
