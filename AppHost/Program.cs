using Ingestion.AppHost;
using Ingestion.Hosting;

try
{
    var builder = DistributedApplication.CreateBuilder(args);
    builder.AddIngestion();
    await builder.Build().RunAsync();
    return 0;
}
catch (HostingException exception)
{
    Console.Error.WriteLine($"AppHost: {exception.Message}");
    return 1;
}
