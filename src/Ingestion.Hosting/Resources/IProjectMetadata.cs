namespace Ingestion.Hosting.Resources;

/// <summary>A .NET project the AppHost can start; the build generates one per referenced project (class <c>Projects.*</c>).</summary>
public interface IProjectMetadata
{
    /// <summary>The built entry assembly, run with <c>dotnet</c>.</summary>
    string AssemblyPath { get; }
}
