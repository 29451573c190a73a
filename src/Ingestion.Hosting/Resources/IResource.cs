namespace Ingestion.Hosting.Resources;

/// <summary>Anything the AppHost models, as Aspire's <c>IResource</c>.</summary>
public interface IResource
{
    string Name { get; }
}
