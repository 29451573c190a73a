using Ingestion.Hosting.Resources;

namespace Ingestion.Hosting;

/// <summary>Configures one resource, as Aspire's <c>IResourceBuilder&lt;T&gt;</c> does.</summary>
public interface IResourceBuilder<out T>
    where T : IResource
{
    T Resource { get; }
}

internal sealed record ResourceBuilder<T>(T Resource) : IResourceBuilder<T>
    where T : IResource;
