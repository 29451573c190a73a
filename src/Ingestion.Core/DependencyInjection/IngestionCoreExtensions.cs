using Ingestion.Core.Embeddings;
using Ingestion.Core.Indexing;
using Ingestion.Core.Indexing.Lucene;
using Ingestion.Core.Status;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        builder.Services.AddSingleton(sp =>
        {
            var metadata = sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<EmbeddingGeneratorMetadata>()
                ?? throw new InvalidOperationException("The embedding generator does not describe its model.");
            return new EmbeddingModelInfo(
                metadata.DefaultModelId ?? throw new InvalidOperationException("The embedding generator names no model."),
                metadata.DefaultModelDimensions ?? throw new InvalidOperationException("The embedding generator gives no dimension."));
        });
        return builder;
    }

    /// <summary>Redis from <c>ConnectionStrings__cache</c> and the document status kept in it.</summary>
    public static IHostApplicationBuilder AddDocumentStatus(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings__{connectionName} is not set: it must name the Redis server (host:port).");
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);

            // Keep retrying in the background instead of failing start-up while Redis restarts.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IDocumentStatusStore, RedisDocumentStatusStore>();
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
