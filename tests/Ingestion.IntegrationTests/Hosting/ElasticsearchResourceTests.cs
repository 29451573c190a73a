using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.Elasticsearch;
using Ingestion.Index.Elasticsearch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.IntegrationTests.Hosting;

/// <summary>
/// An existing Elasticsearch cluster given to the AppHost: a connection-string resource (nothing is launched) whose
/// health is the cluster's health, asked through Elastic's client with its credentials. The cluster is a local HTTP
/// stand-in answering <c>_cluster/health</c> as Elasticsearch does (its product header included), since no
/// Elasticsearch can be installed here.
/// </summary>
public sealed class ElasticsearchResourceTests
{
    [Fact]
    public void AnExistingClusterIsAConnectionStringResourceWithAHealthCheckNotAProcess()
    {
        var builder = DistributedApplication.CreateBuilder(["--ConnectionStrings:search=http://elastic:s3cret@127.0.0.1:9200/"]);

        var search = builder.AddElasticsearchCluster("search").Resource;

        Assert.IsNotAssignableFrom<ExecutableResource>(search);
        Assert.Single(search.Annotations.OfType<HealthCheckAnnotation>());
    }

    [Fact]
    public async Task TheClusterIsHealthyWhileItsHealthIsYellowOrGreenAndItsCredentialsAreSent()
    {
        var status = "green";
        var code = 200;
        string? authorization = null;
        await using var cluster = await LocalHttpServer.StartAsync(app => app.MapGet("/_cluster/health", (HttpContext http) =>
        {
            authorization = http.Request.Headers.Authorization.ToString();
            http.Response.Headers["x-elastic-product"] = "Elasticsearch";
            http.Response.ContentType = "application/json";
            http.Response.StatusCode = code;
            return http.Response.WriteAsync($$"""{"cluster_name":"stand-in","status":"{{status}}"}""");
        }));
        var check = new ElasticsearchClusterHealthCheck(() => $"http://elastic:s3cret@127.0.0.1:{cluster.Address.Port}/");
        async Task<HealthStatus> Health() => (await check.CheckHealthAsync(new HealthCheckContext())).Status;

        Assert.Equal(HealthStatus.Healthy, await Health());
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:s3cret")), authorization);
        status = "yellow";
        Assert.Equal(HealthStatus.Healthy, await Health());
        status = "red";
        Assert.Equal(HealthStatus.Unhealthy, await Health());
        code = 503;
        Assert.Equal(HealthStatus.Unhealthy, await Health());
    }

    [Fact]
    public async Task AnApiKeyConnectionStringSendsTheKey()
    {
        string? authorization = null;
        await using var cluster = await LocalHttpServer.StartAsync(app => app.MapGet("/_cluster/health", (HttpContext http) =>
        {
            authorization = http.Request.Headers.Authorization.ToString();
            http.Response.Headers["x-elastic-product"] = "Elasticsearch";
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync("""{"cluster_name":"stand-in","status":"green"}""");
        }));
        var check = new ElasticsearchClusterHealthCheck(() => $"Endpoint=http://127.0.0.1:{cluster.Address.Port}/;ApiKey=a2V5");

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal("ApiKey a2V5", authorization);
    }
}
