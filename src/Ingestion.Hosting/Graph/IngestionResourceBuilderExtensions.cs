using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Contracts;

namespace Ingestion.Hosting.Graph;

/// <summary>What a user sets on the system in code: how many workers, which store, which models.</summary>
public static class IngestionResourceBuilderExtensions
{
    /// <summary>How many embedding worker processes run (1 to 32): RabbitMQ spreads documents over them.</summary>
    public static IResourceBuilder<IngestionResource> WithWorkers(this IResourceBuilder<IngestionResource> ingestion, int workers)
    {
        ArgumentNullException.ThrowIfNull(ingestion);
        if (workers is < 1 or > 32)
        {
            throw new HostingException($"The system takes 1 to 32 workers (AppHost:Workers); {workers} were asked for.");
        }

        ingestion.Resource.Worker.WithReplicas(workers);
        return ingestion;
    }

    /// <summary>Keeps chunks in Elasticsearch 9.x (a cluster, or a node) instead of the embedded index: the indexer writes it, the gateway reads it.</summary>
    public static IResourceBuilder<IngestionResource> WithElasticsearch(this IResourceBuilder<IngestionResource> ingestion, IResourceBuilder<IResourceWithConnectionString> elasticsearch)
    {
        ArgumentNullException.ThrowIfNull(ingestion);
        ArgumentNullException.ThrowIfNull(elasticsearch);
        var configuration = ingestion.ApplicationBuilder.Configuration;
        foreach (var service in new[] { ingestion.Resource.Indexer, ingestion.Resource.Gateway })
        {
            // The services find their store by the connection string's name, whatever the resource is called.
            service.WithReference(elasticsearch, ResourceNames.Search).WaitFor(elasticsearch).WithConfigurationSection(configuration, "Elasticsearch");
        }

        return ingestion;
    }

    /// <summary>The embedding model every service makes vectors with (<c>Embeddings:Model</c>: all-MiniLM-L6-v2-int8 by default, all-MiniLM-L6-v2 or arctic-embed-xs).</summary>
    public static IResourceBuilder<IngestionResource> WithEmbeddingModel(this IResourceBuilder<IngestionResource> ingestion, string model)
    {
        ArgumentNullException.ThrowIfNull(ingestion);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        foreach (var service in new[] { ingestion.Resource.Indexer, ingestion.Resource.Worker, ingestion.Resource.Gateway })
        {
            service.WithEnvironment("Embeddings__Model", model);
        }

        return ingestion;
    }

    /// <summary>The OpenAI-compatible chat endpoint that answers <c>/api/ask</c> (<c>Endpoint=…;Key=…;Model=…</c>).</summary>
    public static IResourceBuilder<IngestionResource> WithChatModel(this IResourceBuilder<IngestionResource> ingestion, IResourceBuilder<IResourceWithConnectionString> chat)
    {
        ArgumentNullException.ThrowIfNull(ingestion);
        ArgumentNullException.ThrowIfNull(chat);
        ingestion.Resource.Gateway.WithReference(chat, ResourceNames.Chat);
        return ingestion;
    }
}
