using Ingestion.Core.Embeddings;

namespace Ingestion.Gateway.Search;

/// <summary>
/// Query vectors made by the model of the index state being searched, with that model's query prefix, through the
/// embedding cache: by the query encoder tuned from that model when <c>Embeddings:QueryEncoder</c> names one. Usually
/// that is the configured model; while a re-index for a new model runs, searches read the old index, so its queries
/// are embedded with the old model.
/// </summary>
public sealed class IndexModelQueryEmbedder(EmbeddingGenerators generators) : IQueryEmbedder
{
    public async Task<ReadOnlyMemory<float>> EmbedAsync(string query, EmbeddingModelInfo? model, CancellationToken cancellationToken)
    {
        var modelId = model?.ModelId ?? generators.Configured.Info.ModelId;
        var generator = generators.ForQueries(modelId);
        return (await generator.GenerateAsync([SentenceEncoderModels.QueryPrefixOf(modelId) + query], cancellationToken: cancellationToken))[0].Vector;
    }
}
