using System.ClientModel;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using StackExchange.Redis;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// The embedding generators of one process, each behind the Redis cache: the configured model's, and, on demand, a
/// packaged model's by id (the gateway answers an index built with another model while a re-index runs, and the
/// indexer re-embeds stored text for a new model). Each model is loaded once, when first asked for, and serves both
/// documents' texts and queries, which the cache keeps apart.
/// </summary>
public sealed class EmbeddingGenerators(
    EmbeddingModelChoice configured,
    IOptions<EmbeddingOptions> options,
    IOptions<EmbeddingCacheOptions> cacheOptions,
    IConnectionMultiplexer redis,
    CacheOutage outage,
    EmbeddingCacheMetrics metrics,
    ILoggerFactory loggers) : IDisposable
{
    /// <summary>The activity source and meter of endpoint calls; under <c>Ingestion*</c>, so ServiceDefaults exports them.</summary>
    public const string EndpointTelemetrySource = "Ingestion.Embeddings";

    private readonly ConcurrentDictionary<string, Lazy<IEmbeddingGenerator<string, Embedding<float>>>> _encoders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string ModelId, string Keys), IEmbeddingGenerator<string, Embedding<float>>> _cached = new();
    private readonly TunedQueryEncoder? _tuned = TunedQueryEncoder.Resolve(options.Value.QueryEncoder);
    private Lazy<(OnnxSentenceEncoder Encoder, IEmbeddingGenerator<string, Embedding<float>> Cached)>? _tunedQueries;

    public EmbeddingModelChoice Configured => configured;

    /// <summary>Whether vectors of <paramref name="modelId"/> can be made here: the configured model, or any packaged one.</summary>
    public bool CanEmbed(string modelId) => modelId == configured.Info.ModelId || SentenceEncoderModels.Find(modelId) is not null;

    /// <summary>The cached generator of documents' texts of <paramref name="modelId"/>, loading the model on first use.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> For(string modelId) => Cached(modelId, RedisCachingEmbeddingGenerator.DocumentKeys);

    /// <summary>
    /// The cached generator of search queries of <paramref name="modelId"/>: the same model under other cache keys, or
    /// the tuned query encoder (<c>Embeddings:QueryEncoder</c>) when it was tuned from that model.
    /// </summary>
    public IEmbeddingGenerator<string, Embedding<float>> ForQueries(string modelId) =>
        _tuned is { } tuned && tuned.Base.ModelId == modelId ? TunedQueries(tuned).Cached : Cached(modelId, RedisCachingEmbeddingGenerator.QueryKeys);

    /// <summary>
    /// Loads the tuned query encoder, if one is configured, and checks that it makes vectors of its model's length:
    /// a graph that is not a tuned copy of that model stops the service at start rather than failing every search.
    /// </summary>
    public async Task LoadQueryEncoderAsync(CancellationToken cancellationToken)
    {
        if (_tuned is not { } tuned)
        {
            return;
        }

        var probe = await TunedQueries(tuned).Encoder.GenerateAsync(["query encoder check"], cancellationToken: cancellationToken);
        if (probe[0].Vector.Length != tuned.Base.Dimension)
        {
            throw new InvalidOperationException(
                $"Embeddings:QueryEncoder:Path makes vectors of {probe[0].Vector.Length} dimensions, not the {tuned.Base.Dimension} of {tuned.Base.Name}: it is not a query encoder tuned from that model.");
        }
    }

    /// <summary>The configured model's generator.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> ForConfigured() => For(configured.Info.ModelId);

    /// <summary>Disposes the encoders; the cache decorators around them hold nothing of their own.</summary>
    public void Dispose()
    {
        foreach (var encoder in _encoders.Values.Where(g => g.IsValueCreated))
        {
            encoder.Value.Dispose();
        }

        if (_tunedQueries is { IsValueCreated: true } tunedQueries)
        {
            tunedQueries.Value.Encoder.Dispose();
        }
    }

    /// <summary>
    /// The tuned query encoder behind the cache, loaded once. Its cache keys name the tuned graph's hash beside the
    /// model, so a query's vector from the packaged model (or from an earlier tuning) is never served as its own.
    /// </summary>
    private (OnnxSentenceEncoder Encoder, IEmbeddingGenerator<string, Embedding<float>> Cached) TunedQueries(TunedQueryEncoder tuned)
    {
        var lazy = LazyInitializer.EnsureInitialized(ref _tunedQueries, () => new(() =>
        {
            var (encoder, keyModel) = tuned.Load(options.Value);
            var cache = cacheOptions.Value;
            return (encoder, cache.Enabled
                ? new RedisCachingEmbeddingGenerator(encoder, redis, RedisCachingEmbeddingGenerator.QueryKeys, keyModel, cache.TimeToLive, outage, metrics, loggers.CreateLogger<RedisCachingEmbeddingGenerator>())
                : encoder);
        }));
        return lazy.Value;
    }

    private IEmbeddingGenerator<string, Embedding<float>> Cached(string modelId, string keys)
    {
        if (!CanEmbed(modelId))
        {
            throw new EmbeddingModelUnavailableException(
                $"Vectors of the embedding model '{modelId}' cannot be made here: it is neither packaged nor the configured model ({configured.Info.ModelId}).");
        }

        return _cached.GetOrAdd((modelId, keys), key =>
        {
            var encoder = _encoders.GetOrAdd(key.ModelId, id => new Lazy<IEmbeddingGenerator<string, Embedding<float>>>(() => Create(id))).Value;
            var cache = cacheOptions.Value;
            return cache.Enabled
                ? new RedisCachingEmbeddingGenerator(encoder, redis, key.Keys, key.ModelId, cache.TimeToLive, outage, metrics, loggers.CreateLogger<RedisCachingEmbeddingGenerator>())
                : encoder;
        });
    }

    private IEmbeddingGenerator<string, Embedding<float>> Create(string modelId)
    {
        var settings = options.Value;
        return modelId == configured.Info.ModelId && configured.Endpoint is { } endpoint
            ? Endpoint(endpoint, settings.BatchSize)
            : OnnxSentenceEncoder.Load(SentenceEncoderModels.Find(modelId)!, settings.IntraOpThreads, settings.BatchSize, settings.AllowSpinning, settings.ModelCache);
    }

    /// <summary>An OpenAI-compatible embeddings API, asked in requests of at most <paramref name="batchSize"/> texts.</summary>
    private static IEmbeddingGenerator<string, Embedding<float>> Endpoint(OpenAiConnection connection, int batchSize)
    {
        var client = new OpenAI.Embeddings.EmbeddingClient(connection.Model, new ApiKeyCredential(connection.Key ?? "none"), new OpenAIClientOptions { Endpoint = connection.Endpoint });
        return new EmbeddingGeneratorBuilder<string, Embedding<float>>(client.AsIEmbeddingGenerator())
            .Use(async (values, generationOptions, inner, cancellationToken) =>
            {
                var all = new GeneratedEmbeddings<Embedding<float>>();
                foreach (var batch in values.Chunk(batchSize))
                {
                    all.AddRange(await inner.GenerateAsync(batch, generationOptions, cancellationToken));
                }

                return all;
            })
            .UseOpenTelemetry(sourceName: EndpointTelemetrySource)
            .Build();
    }
}
