using Ingestion.AppHost;
using Ingestion.Hosting;
using Ingestion.Hosting.Resources;

try
{
    var builder = DistributedApplication.CreateBuilder(args);
    IngestionApp.Define(builder);
    await builder.Build().RunAsync();
    return 0;
}
catch (HostingException exception)
{
    Console.Error.WriteLine($"AppHost: {exception.Message}");
    return 1;
}
