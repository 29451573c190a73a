
namespace Ingestion.Core.Embeddings;

/// <summary>
/// The model <c>Embeddings:Model</c> names, resolved without loading it: what the index records (id and dimension),
/// the packaged model or the endpoint behind it, and the prefix its queries get.
/// </summary>
public sealed record EmbeddingModelChoice(EmbeddingModelInfo Info, SentenceEncoderModel? Packaged, OpenAiConnection? Endpoint)
{
    /// <summary>Model ids of endpoint models are prefixed so, to tell them from packaged models of similar names.</summary>
    public const string EndpointIdPrefix = "openai:";

    /// <summary>The choice, or an exception naming the setting that is wrong.</summary>
    /// <param name="options">The <c>Embeddings</c> section.</param>
    /// <param name="endpointConnectionString"><c>ConnectionStrings:embeddings</c>, used only with the <c>endpoint</c> model.</param>
    public static EmbeddingModelChoice Resolve(EmbeddingOptions options, string? endpointConnectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.Equals(options.Model, EmbeddingOptions.EndpointModel, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(endpointConnectionString))
            {
                throw new InvalidOperationException($"Embeddings:Model is '{EmbeddingOptions.EndpointModel}', so ConnectionStrings:{Contracts.ResourceNames.Embeddings} must name the endpoint (Endpoint=…;Key=…;Model=…).");
            }

            var connection = OpenAiConnection.Parse(endpointConnectionString, Contracts.ResourceNames.Embeddings);
            var dimensions = options.Dimensions
                ?? throw new InvalidOperationException("Embeddings:Dimensions is required with an endpoint model: the length of its vectors (1536 for text-embedding-3-small).");
            return new EmbeddingModelChoice(new EmbeddingModelInfo(EndpointIdPrefix + connection.Model, dimensions), null, connection);
        }

        var packaged = SentenceEncoderModels.Find(options.Model)
            ?? throw new InvalidOperationException(
                $"Embeddings:Model '{options.Model}' is unknown; use {string.Join(", ", SentenceEncoderModels.All.Select(m => m.Name))} or {EmbeddingOptions.EndpointModel}.");
        return new EmbeddingModelChoice(new EmbeddingModelInfo(packaged.ModelId, packaged.Dimension), packaged, null);
    }
}
