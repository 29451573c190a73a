using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Contracts;
using Ingestion.Hosting.Elasticsearch;
using Ingestion.Hosting.RabbitMQ;
using Ingestion.Hosting.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Hosting.Graph;

/// <summary>
/// <c>AddIngestion</c>: the whole system in any AppHost that references its three service projects (their
/// <c>Projects.*</c> types are generated in that AppHost, so it names them): Redis and RabbitMQ, the single index
/// writer, the embedding workers and the gateway, wired as this repository's own AppHost runs them. The AppHost's
/// configuration is read as the services' own (sections <c>Gateway</c>, <c>Index</c>, <c>Embeddings</c>, … and
/// <c>AppHost:*</c> for the graph); the fluent calls of <see cref="IngestionResourceBuilderExtensions"/> change it in code.
/// </summary>
public static class IngestionBuilderExtensions
{
    public static IResourceBuilder<IngestionResource> AddIngestion<TGateway, TWorker, TIndexer>(this IDistributedApplicationBuilder builder, [ResourceName] string name)
        where TGateway : IProjectMetadata, new()
        where TWorker : IProjectMetadata, new()
        where TIndexer : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var dataPath = Path.GetFullPath(configuration["AppHost:DataPath"] ?? ".data", builder.AppHostDirectory);
        var indexPath = Path.Combine(dataPath, "index");
        // An int8 encoder's graph, made once from the packaged one and shared by every service that embeds: beside the
        // data unless Embeddings:ModelCache names a folder (resolved here, so a relative one means the same to every service).
        var modelCachePath = Path.GetFullPath(configuration["Embeddings:ModelCache"] ?? Path.Combine(dataPath, "models"), builder.AppHostDirectory);
        // A query encoder tuned on the team's judgments, read where queries are embedded (the gateway, and the indexer's
        // switch gate): resolved here too, so a relative path means the same to both.
        var queryEncoderPath = configuration["Embeddings:QueryEncoder:Path"] is { Length: > 0 } tuned ? Path.GetFullPath(tuned, builder.AppHostDirectory) : null;
        // Every service runs in its own project's folder: a relative source root or judgment store would be another
        // folder or file to each of them (the gateway accepting file:// documents the workers cannot find).
        var fileRoot = configuration["Sources:FileRoot"] is { Length: > 0 } root ? Path.GetFullPath(root, builder.AppHostDirectory) : null;
        var judgmentsPath = configuration["Gateway:Judgments:Path"] is { Length: > 0 } judgments ? Path.GetFullPath(judgments, builder.AppHostDirectory) : null;
        if (configuration.GetValue("AppHost:EchoResourceLogs", true))
        {
            builder.Services.AddHostedService<ResourceConsoleEcho>();
        }

        var ingestion = builder.AddResource(new IngestionResource(name))
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "Ingestion", State = KnownResourceStates.Starting, Properties = [] })
            .ExcludeFromManifest();

        // Run here, Redis and RabbitMQ are this machine's servers; published (--publisher manifest), they are Aspire's
        // containers, so the manifest describes something deployable.
        IResourceBuilder<IResourceWithConnectionString> cache = builder.ExecutionContext.IsPublishMode
            ? builder.AddRedis(ResourceNames.Cache)
            : builder.AddRedisServer(ResourceNames.Cache, dataPath, configuration["AppHost:RedisMaxMemory"] ?? "512mb");
        IResourceBuilder<IResourceWithConnectionString> messaging = builder.ExecutionContext.IsPublishMode
            ? builder.AddRabbitMQ(ResourceNames.Messaging)
            : builder.AddRabbitMQServer(ResourceNames.Messaging, dataPath);

        // The single writer of the index.
        var indexer = builder.AddService<TIndexer>(ResourceNames.Indexer, cache, messaging)
            .WithEnvironment("Index__DataPath", indexPath)
            .WithConfigurationSection(configuration, "Indexer")
            .WithConfigurationSection(configuration, "Index")
            .WithConfigurationSection(configuration, "Embeddings")
            .WithEnvironment("Embeddings__ModelCache", modelCachePath)
            .WithConfigurationSection(configuration, "EmbeddingCache")
            // The switch gate reads a judgment set from the gateway's store.
            .WithConfigurationSection(configuration, "Gateway:Judgments")
            .WithResolvedPath("Gateway__Judgments__Path", judgmentsPath);
        if (queryEncoderPath is not null)
        {
            indexer.WithEnvironment("Embeddings__QueryEncoder__Path", queryEncoderPath);
        }

        if (!configuration.GetValue("AppHost:StartIndexer", true))
        {
            // Left stopped until started from the dashboard: a re-index for a new model then begins when chosen.
            indexer.WithExplicitStart();
        }

        // Embedding workers: one process each (replicas); none writes the index.
        var worker = builder.AddService<TWorker>(ResourceNames.Worker, cache, messaging)
            .WithConfigurationSection(configuration, "Embeddings")
            .WithEnvironment("Embeddings__ModelCache", modelCachePath)
            .WithConfigurationSection(configuration, "Chunking")
            .WithConfigurationSection(configuration, "Sources")
            .WithResolvedPath("Sources__FileRoot", fileRoot)
            .WithConfigurationSection(configuration, "Worker")
            .WithConfigurationSection(configuration, "Ocr")
            .WithConfigurationSection(configuration, "EmbeddingCache");

        var gatewayPort = configuration.GetValue("AppHost:GatewayPort", 5080);
        var gateway = builder.AddService<TGateway>(ResourceNames.Gateway, cache, messaging, gatewayPort == 0 ? null : gatewayPort)
            .WithEnvironment("Index__DataPath", indexPath)
            .WithConfigurationSection(configuration, "Index")
            .WithConfigurationSection(configuration, "Embeddings")
            .WithEnvironment("Embeddings__ModelCache", modelCachePath)
            .WithConfigurationSection(configuration, "Sources")
            .WithResolvedPath("Sources__FileRoot", fileRoot)
            .WithGatewaySettings(builder, configuration)
            .WithResolvedPath("Gateway__Judgments__Path", judgmentsPath)
            .WithConfigurationSection(configuration, "EmbeddingCache");
        if (queryEncoderPath is not null)
        {
            gateway.WithEnvironment("Embeddings__QueryEncoder__Path", queryEncoderPath);
        }

        ingestion.Resource.Gateway = gateway;
        ingestion.Resource.Worker = worker;
        ingestion.Resource.Indexer = indexer;
        // The system is up when its way in is: a project that waits for it (WaitFor) starts once the gateway is healthy.
        builder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (ready, _) =>
            ready.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(ingestion.Resource, state => state with { State = KnownResourceStates.Running }));

        ingestion.WithWorkers(WorkersOf(configuration)).WithOperatorCommands(configuration);

        // Chunks live in the embedded index by default, or in Elasticsearch: an existing cluster when
        // ConnectionStrings:search names one, else a node from the local elasticsearch binary.
        switch (SearchStoreOf(configuration))
        {
            case SearchStore.Cluster:
                ingestion.WithElasticsearch(builder.AddElasticsearchCluster(ResourceNames.Search));
                break;
            case SearchStore.LocalNode:
                ingestion.WithElasticsearch(builder.AddElasticsearchNode(ResourceNames.Search, dataPath));
                break;
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
            ingestion.WithChatModel(builder.AddConnectionString(ResourceNames.Chat));
        }

        return ingestion;
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

    private static int WorkersOf(ConfigurationManager configuration) => configuration.GetValue("AppHost:Workers", 1);

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

    /// <summary>A path setting as the AppHost resolved it, replacing what the configuration section gave; nothing when unset.</summary>
    private static IResourceBuilder<ProjectResource> WithResolvedPath(this IResourceBuilder<ProjectResource> service, string variable, string? path) =>
        path is null ? service : service.WithEnvironment(variable, path);
}
