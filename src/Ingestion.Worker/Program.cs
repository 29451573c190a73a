using Ingestion.Worker;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngestionWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
