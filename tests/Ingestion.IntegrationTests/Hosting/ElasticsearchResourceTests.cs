using System.Text;
using Ingestion.Hosting;
using Ingestion.Hosting.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.IntegrationTests.Hosting;

/// <summary>
/// An existing Elasticsearch cluster given to the AppHost: not launched, passed on with its credentials, and healthy
/// or not as its cluster health says. The cluster is a local HTTP stand-in answering <c>_cluster/health</c>, since no
/// Elasticsearch can be installed here.
/// </summary>
public sealed class ElasticsearchResourceTests
{
    [Fact]
    public async Task AnExistingClusterIsNotLaunchedAndIsHealthyWhileItsHealthAnswers()
    {
        var healthy = true;
        string? authorization = null;
        await using var cluster = await StartStandInAsync(http =>
        {
            authorization = http.Request.Headers.Authorization.ToString();
            http.Response.StatusCode = healthy ? 200 : 503;
            return http.Response.WriteAsync("""{"cluster_name":"stand-in","status":"green"}""");
        });
        var url = $"http://elastic:s3cret@127.0.0.1:{cluster.Port}/";
        var builder = DistributedApplication.CreateBuilder([$"--ConnectionStrings:search={url}", $"--AppHost:DataPath={Path.Combine(Path.GetTempPath(), "ingestion-it", Guid.NewGuid().ToString("N"))}"]);
        var search = builder.AddElasticsearch("search").Resource;
        await using var app = builder.Build();
        app.EchoToConsole = false;

        await app.StartAsync();

        Assert.True(search.IsExternal);
        Assert.Null(search.ProcessId);
        Assert.Equal(ResourceState.Healthy, search.State);
        Assert.Equal(url, search.ConnectionString);
        Assert.Equal([$"http://127.0.0.1:{cluster.Port}/"], search.Endpoints);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:s3cret")), authorization);

        healthy = false;
        await Eventually.TrueAsync(() => Task.FromResult(search.State == ResourceState.Unhealthy), "the resource to turn unhealthy with its cluster");
    }

    private static async Task<StandIn> StartStandInAsync(RequestDelegate health)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/_cluster/health", health);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new StandIn(app, address.Port);
    }

    private sealed record StandIn(WebApplication App, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
