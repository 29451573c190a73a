using Ingestion.Core.Embeddings;

namespace Ingestion.Core.Tests.Embeddings;

/// <summary>Loads the real model once for all tests that need it.</summary>
public sealed class SharedModel
{
    private readonly Lazy<UseLiteEmbeddingGenerator> _generator = new(() => UseLiteEmbeddingGenerator.Load(ModelLocation.Directory, Environment.ProcessorCount));

    public UseLiteEmbeddingGenerator Generator => _generator.Value;
}
