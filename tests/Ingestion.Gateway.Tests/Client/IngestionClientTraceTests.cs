using System.Diagnostics;
using Ingestion.Client;
using Ingestion.Client.Model;
using Ingestion.Core.Telemetry;
using Ingestion.Gateway.Tests.Identity;

namespace Ingestion.Gateway.Tests.Client;

/// <summary>An app's call through the client and the gateway's work for it are one trace.</summary>
[Collection(SharedRedis.Name)]
public sealed class IngestionClientTraceTests(LocalRedis redis)
{
    [Fact]
    public async Task TheClientsSpanAndTheGatewaysSearchSpansAreOneTraceWithTheAppsOperation()
    {
        using var gateway = new GatewayHost(redis, LocalIssuer.Settings());
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document("terns", 1, "Terns nest on shingle.") with { Readers = ["public"] });
        using var spans = new SpanRecorder(IngestionClientTelemetry.ActivitySourceName, IngestionTelemetry.ActivitySourceName);
        var token = LocalIssuer.Mint("ann");
        using var client = IngestionClient.Create(new IngestionClientOptions { Endpoint = gateway.Server.BaseAddress, TokenProvider = _ => ValueTask.FromResult<string?>(token) }, gateway.Server.CreateHandler());

        ActivityTraceId trace;
        using (var operation = SpanRecorder.StartCaller("answer a question"))
        {
            trace = operation.TraceId;
            await client.SearchAsync(new SearchRequest("terns") { Mode = SearchMode.Bm25 });
        }

        var joined = spans.InTrace(trace);
        Assert.Contains(joined, a => a.Source.Name == IngestionClientTelemetry.ActivitySourceName && a.DisplayName == "ingestion search");
        Assert.Contains(joined, a => a.Source.Name == IngestionTelemetry.ActivitySourceName && a.DisplayName == "search bm25");
    }
}
