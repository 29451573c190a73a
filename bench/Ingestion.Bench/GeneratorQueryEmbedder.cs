using Ingestion.Core.Embeddings;
using Ingestion.Gateway.Search;
using Microsoft.Extensions.AI;

namespace Ingestion.Bench;

/// <summary>
/// Query vectors from one packaged model's generator, with that model's query prefix, for an index of that model (the
/// gateway follows the index's model through the embedding cache; the benchmark times the encoder alone).
/// </summary>
public sealed class GeneratorQueryEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator, SentenceEncoderModel encoder) : IQueryEmbedder
{
    public async Task<ReadOnlyMemory<float>> EmbedAsync(string query, EmbeddingModelInfo? model, string? cacheScope, CancellationToken cancellationToken) =>
        (await generator.GenerateAsync([SentenceEncoderModels.QueryPrefixOf(encoder.ModelId) + query], cancellationToken: cancellationToken))[0].Vector;
}
