using Ingestion.Hosting;
using Ingestion.Hosting.Graph;

try
{
    var builder = DistributedApplication.CreateBuilder(args);
    // The whole system is one call; its resource "ingestion" hands the gateway's address to whatever references it.
    var ingestion = builder.AddIngestion<Projects.Ingestion_Gateway, Projects.Ingestion_Worker, Projects.Ingestion_Indexer>("ingestion");
    if (builder.Configuration["AppHost:Evaluation:Dataset"] is { Length: > 0 } dataset)
    {
        // A BEIR folder to evaluate from the dashboard (the resource "evaluation", started by hand).
        ingestion.WithEvaluation<Projects.Ingestion_Cli>(dataset, builder.Configuration["AppHost:Evaluation:Modes"] ?? "bm25,dense,hybrid");
    }
    await builder.Build().RunAsync();
    return 0;
}
catch (HostingException exception)
{
    Console.Error.WriteLine($"AppHost: {exception.Message}");
    return 1;
}
