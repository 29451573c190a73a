using Ingestion.Indexer;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngestionIndexer();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
