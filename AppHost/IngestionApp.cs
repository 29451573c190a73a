using System.Globalization;
using Ingestion.Contracts;
using Ingestion.Hosting;
using Ingestion.Hosting.Elasticsearch;
using Ingestion.Hosting.RabbitMQ;
using Ingestion.Hosting.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.AppHost;

/// <summary>The resource graph of the system: the servers, the single index writer, the embedding workers and the gateway.</summary>
public static class IngestionApp
{
    public static IDistributedApplicationBuilder AddIngestion(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var workers = configuration.GetValue("AppHost:Workers", 1);
        if (workers is < 1 or > 32)
        {
            throw new HostingException($"AppHost:Workers is {workers}; it must be between 1 and 32.");
        }

        var dataPath = Path.GetFullPath(configuration["AppHost:DataPath"] ?? ".data", builder.AppHostDirectory);
        var indexPath = Path.Combine(dataPath, "index");
        if (configuration.GetValue("AppHost:EchoResourceLogs", true))
        {
            builder.Services.AddHostedService<ResourceConsoleEcho>();
        }

        // Run here, Redis and RabbitMQ are this machine's servers; published (--publisher manifest), they are Aspire's
        // containers, so the manifest describes something deployable.
        IResourceBuilder<IResourceWithConnectionString> cache = builder.ExecutionContext.IsPublishMode
            ? builder.AddRedis(ResourceNames.Cache)
            : builder.AddRedisServer(ResourceNames.Cache, dataPath, configuration["AppHost:RedisMaxMemory"] ?? "512mb");
        IResourceBuilder<IResourceWithConnectionString> messaging = builder.ExecutionContext.IsPublishMode
            ? builder.AddRabbitMQ(ResourceNames.Messaging)
            : builder.AddRabbitMQServer(ResourceNames.Messaging, dataPath);

        // Chunks live in the embedded index by default, or in Elasticsearch: an existing cluster when
        // ConnectionStrings:search names one, else a node from the local elasticsearch binary.
        var search = SearchStoreOf(configuration) switch
        {
            SearchStore.Cluster => builder.AddElasticsearchCluster(ResourceNames.Search),
            SearchStore.LocalNode => builder.AddElasticsearchNode(ResourceNames.Search, dataPath),
            _ => (IResourceBuilder<IResourceWithConnectionString>?)null,
        };

        // The single writer of the index.
        var indexer = builder.AddService<Projects.Ingestion_Indexer>(ResourceNames.Indexer, cache, messaging)
            .WithEnvironment("Index__DataPath", indexPath)
            .WithConfigurationSection(configuration, "Indexer")
            .WithConfigurationSection(configuration, "Index")
            .WithConfigurationSection(configuration, "Embeddings")
            .WithConfigurationSection(configuration, "EmbeddingCache");
        if (!configuration.GetValue("AppHost:StartIndexer", true))
        {
            // Left stopped until started from the dashboard: a re-index for a new model then begins when chosen.
            indexer.WithExplicitStart();
        }

        // Embedding workers: one process each (AppHost:Workers replicas); none writes the index.
        var worker = builder.AddService<Projects.Ingestion_Worker>(ResourceNames.Worker, cache, messaging)
            .WithConfigurationSection(configuration, "Embeddings")
            .WithConfigurationSection(configuration, "Chunking")
            .WithConfigurationSection(configuration, "Sources")
            .WithConfigurationSection(configuration, "Worker")
            .WithConfigurationSection(configuration, "EmbeddingCache")
            .WithReplicas(workers);

        var gatewayPort = configuration.GetValue("AppHost:GatewayPort", 5080);
        var gateway = builder.AddService<Projects.Ingestion_Gateway>(ResourceNames.Gateway, cache, messaging, gatewayPort == 0 ? null : gatewayPort)
            .WithEnvironment("Index__DataPath", indexPath)
            .WithConfigurationSection(configuration, "Index")
            .WithConfigurationSection(configuration, "Embeddings")
            .WithConfigurationSection(configuration, "Sources")
            .WithConfigurationSection(configuration, "Gateway")
            .WithConfigurationSection(configuration, "EmbeddingCache");

        if (search is not null)
        {
            foreach (var service in new[] { indexer, gateway })
            {
                service.WithReference(search).WaitFor(search).WithConfigurationSection(configuration, "Elasticsearch");
            }
        }

        // An embeddings endpoint (Embeddings:Model=endpoint) goes to every service that makes vectors; answers for
        // /api/ask come from an OpenAI-compatible chat endpoint when one is given. Neither is started here.
        if (configuration.GetConnectionString(ResourceNames.Embeddings) is { Length: > 0 })
        {
            var endpoint = builder.AddConnectionString(ResourceNames.Embeddings);
            foreach (var service in new[] { indexer, worker, gateway })
            {
                service.WithReference(endpoint);
            }
        }

        if (configuration.GetConnectionString(ResourceNames.Chat) is { Length: > 0 })
        {
            gateway.WithReference(builder.AddConnectionString(ResourceNames.Chat));
        }

        return builder;
    }

    /// <summary>One of our services: its own http endpoint (its health, and the gateway's API), its references, health and a kill command.</summary>
    private static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<IResourceWithConnectionString> cache,
        IResourceBuilder<IResourceWithConnectionString> messaging,
        int? port = null)
        where TProject : IProjectMetadata, new() =>
#pragma warning disable ASPIRECERTIFICATES001 // experimental in 13.6: the services serve plain HTTP on loopback and need no development certificate
        builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            .WithoutHttpsCertificate()
#pragma warning restore ASPIRECERTIFICATES001
            .WithHttpEndpoint(port: port, name: "http")
            .WithEndpoint("http", endpoint => endpoint.TargetHost = "127.0.0.1")
            .WithHttpHealthCheck("/health")
            .WithReference(cache)
            .WaitFor(cache)
            .WithReference(messaging)
            .WaitFor(messaging)
            .WithKillCommand();

    private static SearchStore SearchStoreOf(ConfigurationManager configuration) =>
        configuration.GetConnectionString(ResourceNames.Search) is { Length: > 0 } ? SearchStore.Cluster
        : (configuration["AppHost:SearchStore"] ?? "embedded") switch
        {
            "embedded" => SearchStore.Embedded,
            "elasticsearch" => SearchStore.LocalNode,
            var other => throw new HostingException(string.Create(CultureInfo.InvariantCulture, $"AppHost:SearchStore is '{other}'; it must be 'embedded' or 'elasticsearch'.")),
        };

    private enum SearchStore
    {
        Embedded,
        Cluster,
        LocalNode,
    }
}
