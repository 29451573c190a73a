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
        var indexPath = Path.Combine(builder.DataPath, "index");

        builder.AddDashboard();

        var cache = builder.AddRedis(ResourceNames.Cache);
        var messaging = builder.AddRabbitMQ(ResourceNames.Messaging);

        var worker = builder.AddProject<Projects.Ingestion_Worker>(ResourceNames.Worker)
            .WithReference(cache)
            .WithReference(messaging)
            .WaitFor(cache)
            .WaitFor(messaging)
            .WithEnvironment("Embeddings__ModelPath", modelPath)
            .WithEnvironment("Index__DataPath", indexPath);

        builder.AddProject<Projects.Ingestion_Gateway>(ResourceNames.Gateway)
            .WithHttpEndpoint(port: builder.Configuration.GetValue("AppHost:GatewayPort", 5080))
            .WithReference(cache)
            .WithReference(messaging)
            .WithReference(worker)
            .WaitFor(cache)
            .WaitFor(messaging)
            .WithEnvironment("Embeddings__ModelPath", modelPath)
            .WithEnvironment("Index__DataPath", indexPath);

        return builder;
    }
}
