using System.Collections.Concurrent;
using System.Diagnostics;
using Ingestion.Core.Telemetry;
using Ingestion.Gateway.Tests.Identity;

namespace Ingestion.Gateway.Tests.Mcp;

/// <summary>
/// An agent's tool call is one trace with the search it causes: the SDK's client carries the caller's trace context
/// to the gateway, whose MCP span and search spans continue it.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class McpTraceTests(LocalRedis redis)
{
    private static readonly ActivitySource Agent = new("Ingestion.Tests.Agent");

    [Fact]
    public async Task AToolCallAndTheSearchItRunsAreOneTraceWithTheAgentsTurn()
    {
        using var gateway = new GatewayHost(redis, LocalIssuer.Settings());
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document("terns", 1, "Terns nest on shingle.") with { Readers = ["public"] });
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Ingestion.Tests.Agent" or "Experimental.ModelContextProtocol" || source.Name == IngestionTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var client = await McpConnection.ConnectAsync(gateway, LocalIssuer.Mint("ann"));

        ActivityTraceId trace;
        using (var turn = Agent.StartActivity("agent turn"))
        {
            trace = turn!.TraceId;
            (await client.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = "terns", ["mode"] = "bm25" })).Answer();
        }

        var spans = stopped.Where(a => a.TraceId == trace).ToList();
        Assert.Contains(spans, a => a.Source.Name == "Experimental.ModelContextProtocol" && a.Kind == ActivityKind.Client);
        Assert.Contains(spans, a => a.Source.Name == "Experimental.ModelContextProtocol" && a.Kind == ActivityKind.Server);
        Assert.Contains(spans, a => a.Source.Name == IngestionTelemetry.ActivitySourceName && a.DisplayName == "search bm25");
    }
}
