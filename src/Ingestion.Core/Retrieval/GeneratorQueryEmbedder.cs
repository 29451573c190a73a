using Ingestion.Core.Indexing;
using Microsoft.Extensions.AI;

namespace Ingestion.Core.Retrieval;

/// <summary>Query vectors from one generator, for an index of that generator's model (benchmarks and tests; the gateway follows the index's model).</summary>
public sealed class GeneratorQueryEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator, string queryPrefix = "") : IQueryEmbedder
{
    public async Task<ReadOnlyMemory<float>> EmbedAsync(string query, EmbeddingModelInfo? model, CancellationToken cancellationToken) =>
        (await generator.GenerateAsync([queryPrefix + query], cancellationToken: cancellationToken))[0].Vector;
}
