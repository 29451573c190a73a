using Ingestion.Gateway;
using Ingestion.Gateway.Apis;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Mcp;
using Ingestion.Gateway.Security;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngestionGateway();

var app = builder.Build();
app.UseConnectionPeer();
app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseGatewayIdentity();
app.UseRateLimiter();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapDefaultEndpoints();
app.MapDocumentsApi();
app.MapSearchApi();
app.MapAskApi();
app.MapIndexApi();
app.MapJudgmentsApi();
app.MapFeedbackApi();
app.MapExperimentsApi();
app.MapAdminApi();
app.MapGatewayMcp();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory-based tests.</summary>
public partial class Program;
