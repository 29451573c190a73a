using Ingestion.Hosting.Processes;
using Ingestion.Hosting.Resources;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Hosting;

/// <summary>Collects the resources of the application; ports are taken free unless a resource fixes one.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];
    private readonly List<IDistributedApplicationLifecycleHook> _hooks = [];

    internal DistributedApplicationBuilder(string[] args)
    {
        Configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
    }

    public IConfiguration Configuration { get; }

    /// <summary>Where resources keep their data; <c>AppHost:DataPath</c>, by default <c>.data</c> under the current folder.</summary>
    public string DataPath => Path.GetFullPath(Configuration["AppHost:DataPath"] is { Length: > 0 } path ? path : ".data");

    public IResourceBuilder<RedisResource> AddRedis(string name) => Add(new RedisResource(name, FreePort.Next()));

    public IResourceBuilder<RabbitMQResource> AddRabbitMQ(string name) => Add(new RabbitMQResource(name, FreePort.Next(), FreePort.Next()));

    /// <summary>
    /// Elasticsearch: the existing cluster in <c>ConnectionStrings:{name}</c> when one is given, else a single node
    /// started from the <c>elasticsearch</c> binary on the PATH.
    /// </summary>
    public IResourceBuilder<ElasticsearchResource> AddElasticsearch(string name) =>
        Configuration.GetConnectionString(name) is { Length: > 0 } existing
            ? Add(new ElasticsearchResource(name, Uri.TryCreate(existing, UriKind.Absolute, out var url) ? url : throw new HostingException($"ConnectionStrings:{name} must be the cluster's URL, such as http://elastic:password@localhost:9200.")))
            : Add(new ElasticsearchResource(name, FreePort.Next(), FreePort.Next()));

    public IResourceBuilder<ProjectResource> AddProject<TProject>(string name)
        where TProject : IProjectMetadata, new() => Add(new ProjectResource(name, new TProject(), FreePort.Next()));

    /// <summary>
    /// An existing service given by <c>ConnectionStrings:{name}</c> in the AppHost's configuration (environment
    /// <c>ConnectionStrings__{name}</c>); a missing one is an error, as in Aspire.
    /// </summary>
    public IResourceBuilder<ConnectionStringResource> AddConnectionString(string name) =>
        new ResourceBuilder<ConnectionStringResource>(new ConnectionStringResource(
            name,
            Configuration.GetConnectionString(name) is { Length: > 0 } value
                ? value
                : throw new HostingException($"The connection string '{name}' is not configured; set ConnectionStrings__{name}.")));

    /// <summary>Adds something that runs beside the resources for the whole run (the dashboard).</summary>
    public void AddLifecycleHook(IDistributedApplicationLifecycleHook hook) => _hooks.Add(hook);

    public DistributedApplication Build() => new(_resources, new HostingContext(DataPath), _hooks);

    private ResourceBuilder<T> Add<T>(T resource)
        where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name))
        {
            throw new HostingException($"A resource named '{resource.Name}' was added twice.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource);
    }
}
