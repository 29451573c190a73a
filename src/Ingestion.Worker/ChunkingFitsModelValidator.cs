using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Embeddings;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker;

/// <summary>A chunk budget larger than the encoder reads would make it encode chunks in windows: refused at start.</summary>
public sealed class ChunkingFitsModelValidator(EmbeddingModelChoice model) : IValidateOptions<ChunkingOptions>
{
    /// <summary>Whose word pieces chunks are counted in: the packaged model's, or for an endpoint model (whose tokenizer is not here) all-MiniLM-L6-v2's.</summary>
    public static SentenceEncoderModel TokenizerModel(EmbeddingModelChoice model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Packaged ?? SentenceEncoderModels.MiniLmL6V2;
    }

    public ValidateOptionsResult Validate(string? name, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (model.Packaged is { } packaged && options.MaxTokens > packaged.MaxTokens - 2)
        {
            return ValidateOptionsResult.Fail($"Chunking:MaxTokens is {options.MaxTokens}; {packaged.Name} reads at most {packaged.MaxTokens - 2} word pieces besides [CLS] and [SEP].");
        }

        return options.OverlapTokens >= options.MaxTokens
            ? ValidateOptionsResult.Fail($"Chunking:OverlapTokens ({options.OverlapTokens}) must be less than Chunking:MaxTokens ({options.MaxTokens}).")
            : ValidateOptionsResult.Success;
    }
}
