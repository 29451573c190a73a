using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Ingestion.Hosting.RabbitMQ;

public static class RabbitMQServerBuilderExtensions
{
    /// <summary>Debian's package puts the foreground server script here, off the PATH; the <c>rabbitmq-server</c> on the PATH is a wrapper that switches to the <c>rabbitmq</c> user, which cannot write our folders.</summary>
    private const string ServerScriptFolder = "/usr/lib/rabbitmq/bin";

    private static readonly string[] DataSubfolders = ["mnesia", "log", "home"];

    /// <summary>
    /// RabbitMQ from the machine's <c>rabbitmq-server</c> (no container runtime is needed), on loopback, with its data
    /// under <paramref name="dataRoot"/>/<paramref name="name"/> (queued messages survive a restart) and a health check,
    /// so <c>WaitFor</c> means it accepts AMQP connections. Its Erlang port mapper runs as a child resource in the
    /// foreground: left to itself, Erlang starts <c>epmd -daemon</c>, which would outlive the AppHost.
    /// </summary>
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQServer(this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataRoot)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var data = Path.Combine(dataRoot, name);
        var rabbit = new RabbitMQServerResource(name, ServerExecutables.Require(name, Path.Combine(ServerScriptFolder, "rabbitmq-server"), "rabbitmq-server"), data);

        // The node keeps its data under its name: stable for one data folder, different between folders.
        var nodeName = $"{name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(data)))[..10]}@localhost";

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(rabbit, async (_, cancellationToken) =>
            connectionString = await rabbit.ConnectionStringExpression.GetValueAsync(cancellationToken));
        var healthCheck = $"{name}-accepts";
        IConnection? probe = null;
        builder.Services.AddHealthChecks().AddRabbitMQ(
            async _ => probe ??= await new ConnectionFactory { Uri = new Uri(connectionString ?? throw new InvalidOperationException($"{name} has no endpoint yet.")) }.CreateConnectionAsync(),
            name: healthCheck);

        var epmd = builder.AddExecutable($"{name}-epmd", ServerExecutables.Require(name, "epmd", "rabbitmq-server (Erlang's epmd)"), data)
            .WithEndpoint(name: "tcp", scheme: "tcp", isProxied: false)
            .WithEndpoint("tcp", endpoint =>
            {
                endpoint.TargetHost = "127.0.0.1";
                endpoint.ExcludeReferenceEndpoint = true;
            })
            .WithUrlForEndpoint("tcp", url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .OnBeforeResourceStarted((_, _, _) =>
            {
                Directory.CreateDirectory(data);
                return Task.CompletedTask;
            })
            .WithParentRelationship(rabbit)
            .ExcludeFromManifest();
        var mapper = epmd.GetEndpoint("tcp");
        epmd.WithArgs("-port", mapper.Property(EndpointProperty.TargetPort), "-address", "127.0.0.1");
        var epmdCheck = $"{name}-epmd-accepts";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(epmdCheck, new PortAcceptsHealthCheck("Erlang's port mapper", () => mapper.Port), failureStatus: null, tags: null));
        epmd.WithHealthCheck(epmdCheck);

        return builder.AddResource(rabbit)
            .WaitFor(epmd)
            .WithEndpoint(name: RabbitMQServerResource.PrimaryEndpointName, scheme: "tcp", isProxied: true)
            .WithEndpoint(RabbitMQServerResource.PrimaryEndpointName, endpoint => endpoint.TargetHost = "127.0.0.1")
            .WithEndpoint(name: RabbitMQServerResource.DistributionEndpointName, scheme: "tcp", isProxied: false)
            .WithEndpoint(RabbitMQServerResource.DistributionEndpointName, endpoint =>
            {
                endpoint.TargetHost = "127.0.0.1";
                endpoint.ExcludeReferenceEndpoint = true;
            })
            .WithUrlForEndpoint(RabbitMQServerResource.DistributionEndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithEnvironment(context =>
            {
                var environment = context.EnvironmentVariables;
                environment["RABBITMQ_NODENAME"] = nodeName;
                environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
                environment["RABBITMQ_NODE_PORT"] = rabbit.PrimaryEndpoint.Property(EndpointProperty.TargetPort);
                environment["RABBITMQ_DIST_PORT"] = rabbit.DistributionEndpoint.Property(EndpointProperty.TargetPort);
                environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(data, "mnesia");
                environment["RABBITMQ_LOG_BASE"] = Path.Combine(data, "log");
                environment["RABBITMQ_LOGS"] = "-";
                environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(data, "rabbitmq.conf");
                environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(data, "advanced.config");
                environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(data, "rabbitmq-env.conf");
                environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(data, "enabled_plugins");
                environment["RABBITMQ_PID_FILE"] = Path.Combine(data, "rabbit.pid");
                environment["HOME"] = Path.Combine(data, "home");
                environment["ERL_EPMD_PORT"] = mapper.Property(EndpointProperty.TargetPort);
                environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}";
            })
            .OnBeforeResourceStarted((resource, _, _) =>
            {
                foreach (var folder in DataSubfolders)
                {
                    Directory.CreateDirectory(Path.Combine(resource.DataFolder, folder));
                }

                WriteIfMissing(Path.Combine(resource.DataFolder, "rabbitmq.conf"), "loopback_users.guest = true\nlog.console = true\nlog.console.level = warning\nlog.file = false\n");
                WriteIfMissing(Path.Combine(resource.DataFolder, "advanced.config"), "[].\n");
                WriteIfMissing(Path.Combine(resource.DataFolder, "rabbitmq-env.conf"), string.Empty);
                WriteIfMissing(Path.Combine(resource.DataFolder, "enabled_plugins"), "[].\n");
                return Task.CompletedTask;
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("Mail");
    }

    private static void WriteIfMissing(string path, string content)
    {
        if (!File.Exists(path))
        {
            File.WriteAllText(path, content);
        }
    }
}
