namespace Ingestion.Hosting.Resources;

/// <summary>
/// A service the AppHost does not start but passes on, as Aspire's <c>AddConnectionString</c>: its connection
/// string comes from the AppHost's configuration (<c>ConnectionStrings:{name}</c>).
/// </summary>
public sealed class ConnectionStringResource(string name, string connectionString) : IResourceWithConnectionString
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;
}
