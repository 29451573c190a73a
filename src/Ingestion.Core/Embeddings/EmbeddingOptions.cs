using System.ComponentModel.DataAnnotations;

namespace Ingestion.Core.Embeddings;

/// <summary>Where the embedding model lives and how much of the machine it may use.</summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Embeddings";

    /// <summary>Folder with <c>model.json</c>, its shards and <c>vocab.json</c> (eng/fetch-model.sh prints it).</summary>
    [Required(ErrorMessage = "Embeddings:ModelPath is required: run eng/fetch-model.sh and set Embeddings__ModelPath to the folder it prints.")]
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>Texts of one batch encoded at once; defaults to the processor count.</summary>
    [Range(1, 256)]
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Texts sent to the encoder in one batch by the ingestion pipeline.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 32;
}
