using System.Globalization;
using Ingestion.Hosting.Processes;

namespace Ingestion.Hosting.Resources;

/// <summary>One of our services, run from its build output on a loopback HTTP port; ready when <c>/health</c> answers 200.</summary>
public sealed class ProjectResource(string name, IProjectMetadata project, int port) : Resource(name)
{
    public int Port { get; internal set; } = port;

    public Uri HttpEndpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public override IReadOnlyList<string> Endpoints => [HttpEndpoint.ToString()];

    public override void EnsureRunnable()
    {
        if (!File.Exists(project.AssemblyPath))
        {
            throw new HostingException($"{Name}: '{project.AssemblyPath}' is not built. Build the solution first (dotnet build).");
        }
    }

    public override ProcessLaunch PrepareLaunch(HostingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var environment = new Dictionary<string, string>(Environment)
        {
            ["ASPNETCORE_URLS"] = HttpEndpoint.ToString().TrimEnd('/'),
        };
        OtlpEnvironment.AddTo(environment, Name, context.OtlpEndpoint);
        return new ProcessLaunch(ExecutableLocator.Find("dotnet") ?? "dotnet", [project.AssemblyPath], environment, Path.GetDirectoryName(project.AssemblyPath)!);
    }

    public override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Probes.HttpHealthyAsync(new Uri(HttpEndpoint, "/health"), cancellationToken);
}
