using Ingestion.Contracts;
using Ingestion.Core.Redis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingestion.Core.Embeddings;

public static class EmbeddingsExtensions
{
    /// <summary>
    /// The model <c>Embeddings:Model</c> names (its facts, which the store checks, known without loading it) and the
    /// generators behind the Redis embedding cache (section <c>EmbeddingCache</c>, Redis from <c>ConnectionStrings__cache</c>).
    /// <paramref name="outage"/> says what an unreachable cache means to this service.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddings(this IHostApplicationBuilder builder, CacheOutage outage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRedis(ResourceNames.Cache);
        builder.Services.AddOptions<EmbeddingOptions>()
            .BindConfiguration(EmbeddingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmbeddingOptions>>(new ModelChoiceValidator(builder.Configuration));
        builder.Services.AddSingleton<IValidateOptions<EmbeddingOptions>, QueryEncoderValidator>();
        builder.Services.AddOptions<EmbeddingCacheOptions>()
            .BindConfiguration(EmbeddingCacheOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(services => EmbeddingModelChoice.Resolve(
            services.GetRequiredService<IOptions<EmbeddingOptions>>().Value,
            builder.Configuration.GetConnectionString(ResourceNames.Embeddings)));
        builder.Services.AddSingleton(services => services.GetRequiredService<EmbeddingModelChoice>().Info);
        builder.Services.AddSingleton<EmbeddingCacheMetrics>();
        builder.Services.AddSingleton(services => new EmbeddingGenerators(
            services.GetRequiredService<EmbeddingModelChoice>(),
            services.GetRequiredService<IOptions<EmbeddingOptions>>(),
            services.GetRequiredService<IOptions<EmbeddingCacheOptions>>(),
            services.GetRequiredService<IConnectionMultiplexer>(),
            outage,
            services.GetRequiredService<EmbeddingCacheMetrics>(),
            services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(services => services.GetRequiredService<EmbeddingGenerators>().ForConfigured());
        return builder;
    }

    /// <summary>Loads the configured model at start rather than on the first message or query, so a missing model stops the service at once.</summary>
    public static IHostApplicationBuilder LoadEmbeddingModelAtStart(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<EmbeddingModelLoader>();
        return builder;
    }

    /// <summary>
    /// Loads the tuned query encoder (<c>Embeddings:QueryEncoder</c>) at start, where queries are embedded, so a graph
    /// that is not a tuned copy of its model stops the service at once.
    /// </summary>
    public static IHostApplicationBuilder LoadQueryEncoderAtStart(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<QueryEncoderLoader>();
        return builder;
    }

    /// <summary>A query encoder that resolves to nothing usable stops the service at start, with the reason.</summary>
    private sealed class QueryEncoderValidator : IValidateOptions<EmbeddingOptions>
    {
        public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
        {
            try
            {
                _ = TunedQueryEncoder.Resolve(options.QueryEncoder);
                return ValidateOptionsResult.Success;
            }
            catch (InvalidOperationException exception)
            {
                return ValidateOptionsResult.Fail(exception.Message);
            }
        }
    }

    private sealed class QueryEncoderLoader(EmbeddingGenerators generators) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => generators.LoadQueryEncoderAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>A model name that resolves to nothing usable stops the service at start, with the reason.</summary>
    private sealed class ModelChoiceValidator(IConfiguration configuration) : IValidateOptions<EmbeddingOptions>
    {
        public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
        {
            try
            {
                _ = EmbeddingModelChoice.Resolve(options, configuration.GetConnectionString(ResourceNames.Embeddings));
                return ValidateOptionsResult.Success;
            }
            catch (InvalidOperationException exception)
            {
                return ValidateOptionsResult.Fail(exception.Message);
            }
        }
    }

    private sealed class EmbeddingModelLoader(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingModelInfo model, ILogger<EmbeddingModelLoader> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("Embedding model {ModelId} ({Dimension} dimensions) loaded by {Generator}", model.ModelId, model.Dimension, generator.GetType().Name);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
