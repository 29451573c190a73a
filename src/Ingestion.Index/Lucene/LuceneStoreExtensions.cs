using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Lucene;

/// <summary>The embedded store: its options, its writer or reader, and the hosted services each needs.</summary>
public static class LuceneStoreExtensions
{
    /// <summary>
    /// The single writer, opened when the host starts, before anything consumes: a start that cannot take the index's
    /// write lock (another indexer holds it) fails, so only one indexer ever takes messages. A re-index for another
    /// model runs in the background beside it.
    /// </summary>
    public static IHostApplicationBuilder AddLuceneWriter(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddIndexOptions();
        builder.Services.AddSingleton(services => LuceneChunkIndexWriter.Open(
            services.GetRequiredService<IOptions<IndexOptions>>(),
            services.GetRequiredService<EmbeddingModelInfo>(),
            services.GetRequiredService<ILogger<LuceneChunkIndexWriter>>(),
            services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IChunkIndexWriter>(sp => sp.GetRequiredService<LuceneChunkIndexWriter>());
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, EmbeddedIndexWriterStartup>());
        builder.Services.AddHealthChecks().AddCheck<EmbeddedIndexWriterHealthCheck>("index-writer");
        builder.Services.AddHostedService<IndexRebuildService>();
        return builder;
    }

    /// <summary>A reader that moves to the writer's newest commit every <c>Index:RefreshInterval</c>.</summary>
    public static IHostApplicationBuilder AddLuceneReader(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddIndexOptions();
        builder.Services.AddSingleton<LuceneChunkIndexReader>();
        builder.Services.AddSingleton<IChunkIndexReader>(sp => sp.GetRequiredService<LuceneChunkIndexReader>());
        builder.Services.AddHostedService<IndexRefreshService>();
        return builder;
    }

    private static void AddIndexOptions(this IHostApplicationBuilder builder) =>
        builder.Services.AddOptions<IndexOptions>()
            .BindConfiguration(IndexOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
