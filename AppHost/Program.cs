using Ingestion.Hosting;
using Ingestion.Hosting.Graph;

try
{
    var builder = DistributedApplication.CreateBuilder(args);
    // The whole system is one call; its resource "ingestion" hands the gateway's address to whatever references it.
    builder.AddIngestion<Projects.Ingestion_Gateway, Projects.Ingestion_Worker, Projects.Ingestion_Indexer>("ingestion");
    await builder.Build().RunAsync();
    return 0;
}
catch (HostingException exception)
{
    Console.Error.WriteLine($"AppHost: {exception.Message}");
    return 1;
}
