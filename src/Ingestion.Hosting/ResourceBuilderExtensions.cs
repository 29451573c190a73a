using Ingestion.Hosting.Resources;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Hosting;

/// <summary>The wiring verbs of an AppHost, named and shaped as in .NET Aspire.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Gives the resource <c>ConnectionStrings__{name}</c> of a server.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Resource.Environment[$"ConnectionStrings__{source.Resource.Name}"] = source.Resource.ConnectionString;
        return builder;
    }

    /// <summary>Gives the resource <c>services__{name}__http__0</c> of another project, for service discovery.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ProjectResource> source)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Resource.Environment[$"services__{source.Resource.Name}__http__0"] = source.Resource.HttpEndpoint.ToString().TrimEnd('/');
        return builder;
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dependency);
        builder.Resource.WaitsFor.Add(dependency.Resource as Resource
            ?? throw new HostingException($"{builder.Resource.Name} cannot wait for '{dependency.Resource.Name}': it is not started by this AppHost."));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.Environment[name] = value;
        return builder;
    }

    /// <summary>
    /// Passes one section of the AppHost's configuration on to the resource as environment variables
    /// (<c>Sources:AllowedHosts:0</c> becomes <c>Sources__AllowedHosts__0</c>), so settings given to the AppHost reach the services that read them.
    /// </summary>
    public static IResourceBuilder<T> WithConfigurationSection<T>(this IResourceBuilder<T> builder, IConfiguration configuration, string section)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
        {
            if (value is not null)
            {
                builder.Resource.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        return builder;
    }

    /// <summary>Fixes the project's HTTP port; 0 or no call means a free port.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int port)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (port != 0)
        {
            builder.Resource.Port = port;
        }

        return builder;
    }
}
