using System.Globalization;
using Microsoft.Extensions.Configuration;
using Ingestion.Contracts;
using Ingestion.Dashboard;
using Ingestion.Hosting;
using Ingestion.Hosting.Resources;

namespace Ingestion.AppHost;

/// <summary>The resource graph of the system, shared by the AppHost and the integration tests.</summary>
public static class IngestionApp
{
    public static DistributedApplicationBuilder Define(DistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var workers = builder.Configuration.GetValue("AppHost:Workers", 1);
        if (workers is < 1 or > 32)
        {
            throw new HostingException($"AppHost:Workers is {workers}; it must be between 1 and 32.");
        }

        var indexPath = Path.Combine(builder.DataPath, "index");

        builder.AddDashboard();

        var cache = builder.AddRedis(ResourceNames.Cache);
        var messaging = builder.AddRabbitMQ(ResourceNames.Messaging);

        // Chunks live in the embedded index by default, or in Elasticsearch: an existing cluster when
        // ConnectionStrings:search names one, else a node from the local elasticsearch binary.
        var search = UsesElasticsearch(builder) ? builder.AddElasticsearch(ResourceNames.Search) : null;

        // The single writer of the index.
        var indexer = builder.AddProject<Projects.Ingestion_Indexer>(ResourceNames.Indexer)
            .WithReference(cache)
            .WithReference(messaging)
            .WaitFor(cache)
            .WaitFor(messaging)
            .WithEnvironment("Index__DataPath", indexPath)
            .WithConfigurationSection(builder.Configuration, "Indexer")
            .WithConfigurationSection(builder.Configuration, "Embeddings")
            .WithConfigurationSection(builder.Configuration, "EmbeddingCache");

        // Embedding workers: as many as configured, each a process of its own; none writes the index.
        var embedders = new List<IResourceBuilder<ProjectResource>> { indexer };
        for (var i = 1; i <= workers; i++)
        {
            var worker = builder.AddProject<Projects.Ingestion_Worker>(i == 1 ? ResourceNames.Worker : $"{ResourceNames.Worker}-{i.ToString(CultureInfo.InvariantCulture)}")
                .WithReference(cache)
                .WithReference(messaging)
                .WaitFor(cache)
                .WaitFor(messaging)
                .WithConfigurationSection(builder.Configuration, "Embeddings")
                .WithConfigurationSection(builder.Configuration, "Chunking")
                .WithConfigurationSection(builder.Configuration, "Sources")
                .WithConfigurationSection(builder.Configuration, "Worker")
                .WithConfigurationSection(builder.Configuration, "EmbeddingCache");
            embedders.Add(worker);
        }

        var gateway = builder.AddProject<Projects.Ingestion_Gateway>(ResourceNames.Gateway)
            .WithHttpEndpoint(port: builder.Configuration.GetValue("AppHost:GatewayPort", 5080))
            .WithReference(cache)
            .WithReference(messaging)
            .WaitFor(cache)
            .WaitFor(messaging)
            .WithEnvironment("Index__DataPath", indexPath)
            .WithConfigurationSection(builder.Configuration, "Embeddings")
            .WithConfigurationSection(builder.Configuration, "Sources")
            .WithConfigurationSection(builder.Configuration, "Gateway")
            .WithConfigurationSection(builder.Configuration, "EmbeddingCache");
        embedders.Add(gateway);

        if (search is not null)
        {
            foreach (var service in new[] { indexer, gateway })
            {
                service.WithReference(search).WaitFor(search).WithConfigurationSection(builder.Configuration, "Elasticsearch");
            }
        }

        // An embeddings endpoint (Embeddings:Model=endpoint) is passed to every service that makes vectors.
        if (builder.Configuration.GetConnectionString(ResourceNames.Embeddings) is { Length: > 0 })
        {
            var endpoint = builder.AddConnectionString(ResourceNames.Embeddings);
            foreach (var service in embedders)
            {
                service.WithReference(endpoint);
            }
        }

        // Answers for /api/ask come from an OpenAI-compatible chat endpoint when one is given; without it, asks return their context.
        if (builder.Configuration.GetConnectionString(ResourceNames.Chat) is { Length: > 0 })
        {
            gateway.WithReference(builder.AddConnectionString(ResourceNames.Chat));
        }

        return builder;
    }

    private static bool UsesElasticsearch(DistributedApplicationBuilder builder) =>
        builder.Configuration.GetConnectionString(ResourceNames.Search) is { Length: > 0 }
        || (builder.Configuration["AppHost:SearchStore"] ?? "embedded") switch
        {
            "embedded" => false,
            "elasticsearch" => true,
            var other => throw new HostingException($"AppHost:SearchStore is '{other}'; it must be 'embedded' or 'elasticsearch'."),
        };
}
