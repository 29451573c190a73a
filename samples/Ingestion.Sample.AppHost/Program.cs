using Ingestion.Hosting.Graph;
using Microsoft.Extensions.Configuration;

// The whole system is one resource; the sample app gets its address (ConnectionStrings__ingestion) and starts once the
// gateway is healthy.
var builder = DistributedApplication.CreateBuilder(args);
var ingestion = builder.AddIngestion<Projects.Ingestion_Gateway, Projects.Ingestion_Worker, Projects.Ingestion_Indexer>("ingestion");

#pragma warning disable ASPIRECERTIFICATES001 // experimental in 13.6: the app serves plain HTTP on loopback
var app = builder.AddProject<Projects.Ingestion_Sample_App>("app", options => options.ExcludeLaunchProfile = true)
    .WithoutHttpsCertificate()
#pragma warning restore ASPIRECERTIFICATES001
    .WithHttpEndpoint(port: builder.Configuration.GetValue<int?>("Sample:AppPort"), name: "http")
    .WithEndpoint("http", endpoint => endpoint.TargetHost = "127.0.0.1")
    .WithHttpHealthCheck("/health")
    .WithReference(ingestion)
    .WaitFor(ingestion);

// The agent's model: any OpenAI-compatible endpoint (Endpoint=…;Key=…;Model=…), the same the gateway answers asks with.
// Referenced as the resource AddIngestion made of it, never copied as text: its key stays a secret parameter, out of
// the dashboard's environment view and a published manifest.
if (builder.Resources.OfType<IResourceWithConnectionString>().FirstOrDefault(r => r.Name == "chat") is { } chat)
{
    app.WithReference(builder.CreateResourceBuilder(chat));
}

builder.Build().Run();
