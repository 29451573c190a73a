namespace Ingestion.Hosting.Resources;

/// <summary>A resource other resources reach through <c>ConnectionStrings__{Name}</c>.</summary>
public interface IResourceWithConnectionString : IResource
{
    string ConnectionString { get; }
}
