using Ingestion.Index;
using Ingestion.Gateway.Search;
using Ingestion.Core.Embeddings;
using Microsoft.Extensions.AI;

namespace Ingestion.Bench;

/// <summary>Query vectors from one generator, for an index of that generator's model (benchmarks and tests; the gateway follows the index's model).</summary>
public sealed class GeneratorQueryEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator, string queryPrefix = "") : IQueryEmbedder
{
    public async Task<ReadOnlyMemory<float>> EmbedAsync(string query, EmbeddingModelInfo? model, CancellationToken cancellationToken) =>
        (await generator.GenerateAsync([queryPrefix + query], cancellationToken: cancellationToken))[0].Vector;
}
