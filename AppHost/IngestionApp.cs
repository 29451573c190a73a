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
        var modelPath = builder.Configuration["Embeddings:ModelPath"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : throw new HostingException("Embeddings:ModelPath is not set. Run 'bash eng/fetch-model.sh' and pass the folder it prints as Embeddings__ModelPath (eng/run.sh does both).");
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
            .WithConfigurationSection(builder.Configuration, "Indexer");

        // Embedding workers: as many as configured, each a process of its own; none writes the index.
        for (var i = 1; i <= workers; i++)
        {
            builder.AddProject<Projects.Ingestion_Worker>(i == 1 ? ResourceNames.Worker : $"{ResourceNames.Worker}-{i.ToString(CultureInfo.InvariantCulture)}")
                .WithReference(cache)
                .WithReference(messaging)
                .WaitFor(cache)
                .WaitFor(messaging)
                .WithConfigurationSection(builder.Configuration, "Embeddings")
                .WithEnvironment("Embeddings__ModelPath", modelPath)
                .WithConfigurationSection(builder.Configuration, "Sources")
                .WithConfigurationSection(builder.Configuration, "Worker")
                .WithConfigurationSection(builder.Configuration, "EmbeddingCache");
        }

        var gateway = builder.AddProject<Projects.Ingestion_Gateway>(ResourceNames.Gateway)
            .WithHttpEndpoint(port: builder.Configuration.GetValue("AppHost:GatewayPort", 5080))
            .WithReference(cache)
            .WithReference(messaging)
            .WaitFor(cache)
            .WaitFor(messaging)
            .WithEnvironment("Embeddings__ModelPath", modelPath)
            .WithEnvironment("Index__DataPath", indexPath)
            .WithConfigurationSection(builder.Configuration, "Sources")
            .WithConfigurationSection(builder.Configuration, "Gateway")
            .WithConfigurationSection(builder.Configuration, "EmbeddingCache");

        if (search is not null)
        {
            foreach (var service in new[] { indexer, gateway })
            {
                service.WithReference(search).WaitFor(search).WithConfigurationSection(builder.Configuration, "Elasticsearch");
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
