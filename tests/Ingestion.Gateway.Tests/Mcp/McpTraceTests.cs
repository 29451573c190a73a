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
    private const string McpSource = "Experimental.ModelContextProtocol";

    [Fact]
    public async Task AToolCallAndTheSearchItRunsAreOneTraceWithTheAgentsTurn()
    {
        using var gateway = new GatewayHost(redis, LocalIssuer.Settings());
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document("terns", 1, "Terns nest on shingle.") with { Readers = ["public"] });
        using var spans = new SpanRecorder(McpSource, IngestionTelemetry.ActivitySourceName);
        await using var client = await McpConnection.ConnectAsync(gateway, LocalIssuer.Mint("ann"));

        ActivityTraceId trace;
        using (var turn = SpanRecorder.StartCaller("agent turn"))
        {
            trace = turn.TraceId;
            (await client.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = "terns", ["mode"] = "bm25" })).Answer();
        }

        // The server's span ends after its answer is written, so possibly after the client has read it.
        await Eventually.TrueAsync(() => Task.FromResult(spans.InTrace(trace).Any(a => a.Source.Name == McpSource && a.Kind == ActivityKind.Server)), "the gateway's MCP span to end", TimeSpan.FromSeconds(10));
        var joined = spans.InTrace(trace);
        Assert.Contains(joined, a => a.Source.Name == McpSource && a.Kind == ActivityKind.Client);
        Assert.Contains(joined, a => a.Source.Name == McpSource && a.Kind == ActivityKind.Server);
        Assert.Contains(joined, a => a.Source.Name == IngestionTelemetry.ActivitySourceName && a.DisplayName == "search bm25");
    }
}
