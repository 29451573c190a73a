using Microsoft.Extensions.Options;

namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>
/// The concrete index behind the alias, found or created at first use: a missing alias gets a new versioned index
/// with the explicit mapping; an index whose <c>_meta</c> names another embedding model is refused.
/// </summary>
public sealed class ElasticsearchIndex(ElasticsearchClient client, IOptions<ElasticsearchOptions> options, EmbeddingModelInfo model, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _name;

    public string Alias => options.Value.IndexAlias;

    /// <summary>The model whose vectors the index holds: an index recording another is refused.</summary>
    public EmbeddingModelInfo Model => model;

    public async Task<string> NameAsync(CancellationToken cancellationToken)
    {
        if (_name is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _name ??= await OpenOrCreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<string> OpenOrCreateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var index = await client.ResolveAliasAsync(settings.IndexAlias, cancellationToken);
        if (index is null)
        {
            var name = ElasticsearchSchema.NewIndexName(settings.IndexAlias, model, clock.GetUtcNow());
            await client.CreateIndexAsync(name, ElasticsearchSchema.CreateIndexBody(settings.IndexAlias, model, settings.Shards, settings.Replicas), cancellationToken);
            // Another process may have created its own index and alias at the same moment: the alias decides.
            index = await client.ResolveAliasAsync(settings.IndexAlias, cancellationToken) ?? name;
        }

        var recorded = await client.ModelOfAsync(index, cancellationToken);
        if (recorded != model)
        {
            throw EmbeddingModelMismatchException.For(recorded ?? new EmbeddingModelInfo("(none recorded)", 0), model);
        }

        return index;
    }
}
