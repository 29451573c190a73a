using Ingestion.Core.Embeddings;
using Ingestion.Core.Indexing;
using Ingestion.Core.Indexing.Lucene;
using Ingestion.Core.Sources;
using Ingestion.Core.Status;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingestion.Core.DependencyInjection;

/// <summary>Registrations the worker and the gateway share, each one feature.</summary>
public static class IngestionCoreExtensions
{
    /// <summary>The embedding generator (loaded once, at start) and the model facts the store checks.</summary>
    public static IHostApplicationBuilder AddEmbeddings(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EmbeddingOptions>()
            .BindConfiguration(EmbeddingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return UseLiteEmbeddingGenerator.Load(options.ModelPath, options.MaxDegreeOfParallelism);
        });
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<UseLiteEmbeddingGenerator>());
        builder.AddEmbeddingModelInfo();
        return builder;
    }

    /// <summary>The model's facts, which the store checks, without loading the model (the index writer needs only these).</summary>
    public static IHostApplicationBuilder AddEmbeddingModelInfo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(new EmbeddingModelInfo(UseLiteEmbeddingGenerator.ModelId, UniversalSentenceEncoderLite.Dimension));
        return builder;
    }

    /// <summary>Content sent by reference: the policy of what may be read (section <c>Sources</c>) and the reader, with redirects off.</summary>
    public static IHostApplicationBuilder AddContentSources(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SourceOptions>()
            .BindConfiguration(SourceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SourcePolicy>();
        builder.Services.AddSingleton<ContentFetcher>();
        builder.Services.AddHttpClient(ContentFetcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return builder;
    }

    /// <summary>Vectors cached in Redis by model and text (section <c>EmbeddingCache</c>).</summary>
    public static IHostApplicationBuilder AddEmbeddingCache(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRedis(connectionName);
        builder.Services.AddOptions<EmbeddingCacheOptions>()
            .BindConfiguration(EmbeddingCacheOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IEmbeddingCache, RedisEmbeddingCache>();
        return builder;
    }

    /// <summary>Redis from <c>ConnectionStrings__cache</c> and the document status kept in it.</summary>
    public static IHostApplicationBuilder AddDocumentStatus(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRedis(connectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IDocumentStatusStore, RedisDocumentStatusStore>();
        return builder;
    }

    /// <summary>One Redis connection from <c>ConnectionStrings__{name}</c>, with a health check; added once however often asked for.</summary>
    public static IHostApplicationBuilder AddRedis(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(s => s.ServiceType == typeof(IConnectionMultiplexer)))
        {
            return builder;
        }

        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings__{connectionName} is not set: it must name the Redis server (host:port).");
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);

            // Keep retrying in the background instead of failing start-up while Redis restarts.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName);
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

    /// <summary>The embedded store's single writer.</summary>
    public static IHostApplicationBuilder AddEmbeddedIndexWriter(this IHostApplicationBuilder builder)
    {
        builder.AddIndexOptions();
        builder.Services.AddSingleton<LuceneChunkIndexWriter>();
        builder.Services.AddSingleton<IChunkIndexWriter>(sp => sp.GetRequiredService<LuceneChunkIndexWriter>());
        return builder;
    }

    /// <summary>A reader of the embedded store; the caller refreshes it (see <see cref="LuceneChunkSearcher.Refresh"/>).</summary>
    public static IHostApplicationBuilder AddEmbeddedIndexReader(this IHostApplicationBuilder builder)
    {
        builder.AddIndexOptions();
        builder.Services.AddSingleton<LuceneChunkSearcher>();
        builder.Services.AddSingleton<IChunkSearcher>(sp => sp.GetRequiredService<LuceneChunkSearcher>());
        return builder;
    }
}
