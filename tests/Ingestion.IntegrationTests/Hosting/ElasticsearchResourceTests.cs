using System.Text;
using Ingestion.Hosting;
using Ingestion.Hosting.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
        await using var cluster = await LocalHttpServer.StartAsync(app => app.MapGet("/_cluster/health", (HttpContext http) =>
        {
            authorization = http.Request.Headers.Authorization.ToString();
            http.Response.StatusCode = healthy ? 200 : 503;
            return http.Response.WriteAsync("""{"cluster_name":"stand-in","status":"green"}""");
        }));
        var port = cluster.Address.Port;
        var url = $"http://elastic:s3cret@127.0.0.1:{port}/";
        var builder = DistributedApplication.CreateBuilder([$"--ConnectionStrings:search={url}", $"--AppHost:DataPath={Path.Combine(Path.GetTempPath(), "ingestion-it", Guid.NewGuid().ToString("N"))}"]);
        var search = builder.AddElasticsearch("search").Resource;
        await using var app = builder.Build();
        app.EchoToConsole = false;

        await app.StartAsync();

        Assert.True(search.IsExternal);
        Assert.Null(search.ProcessId);
        Assert.Equal(ResourceState.Healthy, search.State);
        Assert.Equal(url, search.ConnectionString);
        Assert.Equal([$"http://127.0.0.1:{port}/"], search.Endpoints);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:s3cret")), authorization);

        healthy = false;
        await Eventually.TrueAsync(() => Task.FromResult(search.State == ResourceState.Unhealthy), "the resource to turn unhealthy with its cluster");
    }
}
