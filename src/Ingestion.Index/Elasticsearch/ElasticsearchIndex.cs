using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Ingestion.Core.Embeddings;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Elasticsearch;

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
        var index = await ResolveAliasAsync(cancellationToken);
        if (index is null)
        {
            var name = ElasticsearchSchema.NewIndexName(settings.IndexAlias, model, clock.GetUtcNow());
            var created = await client.Indices.CreateAsync(ElasticsearchSchema.CreateIndex(name, settings.IndexAlias, model, settings), cancellationToken);
            // Another process may have created its own index and alias at the same moment: the alias decides, and
            // only when there is none is the refusal an error.
            index = await ResolveAliasAsync(cancellationToken);
            if (index is null)
            {
                ElasticsearchException.ThrowUnlessValid(created, $"creating index {name}");
                index = name;
            }
        }

        var recorded = await ModelOfAsync(index, cancellationToken);
        if (recorded != model)
        {
            throw EmbeddingModelMismatchException.For(recorded ?? new EmbeddingModelInfo("(none recorded)", 0), model);
        }
        return index;
    }

    /// <summary>The index the alias writes to (its write index, or the only one), or null when there is no such alias.</summary>
    private async Task<string?> ResolveAliasAsync(CancellationToken cancellationToken)
    {
        var response = await client.Indices.GetAliasAsync(new GetAliasRequest(Names.Parse(Alias, System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        if (response.ApiCallDetails?.HttpStatusCode == 404)
        {
            return null;
        }

        ElasticsearchException.ThrowUnlessValid(response, $"resolving alias {Alias}");
        var indices = response.Aliases ?? new Dictionary<string, IndexAliases>();
        return indices
            .Where(i => i.Value.Aliases.TryGetValue(Alias, out var alias) && alias.IsWriteIndex == true)
            .Select(i => i.Key)
            .FirstOrDefault()
            ?? indices.Keys.OrderDescending(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>The model recorded in the index mapping's <c>_meta</c>, or null when it records none.</summary>
    private async Task<EmbeddingModelInfo?> ModelOfAsync(string index, CancellationToken cancellationToken)
    {
        var response = await client.Indices.GetMappingAsync(new GetMappingRequest(index), cancellationToken);
        ElasticsearchException.ThrowUnlessValid(response, $"reading the mapping of {index}");
        var meta = response.Mappings.TryGetValue(index, out var mapping) ? mapping.Mappings.Meta : null;
        return meta is not null
            && meta.TryGetValue(ElasticsearchSchema.ModelIdMeta, out var id) && AsJson(id) is { ValueKind: JsonValueKind.String } modelId
            && meta.TryGetValue(ElasticsearchSchema.DimensionMeta, out var dimension) && AsJson(dimension) is { ValueKind: JsonValueKind.Number } dims
            ? new EmbeddingModelInfo(modelId.GetString()!, dims.GetInt32())
            : null;
    }

    // The client reads _meta values as JSON elements.
    private static JsonElement? AsJson(object? value) => value switch
    {
        JsonElement element => element,
        null => null,
        _ => JsonSerializer.SerializeToElement(value),
    };
}
