using System.ComponentModel.DataAnnotations;
using Ingestion.Hosting;
using Ingestion.Hosting.Resources;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Dashboard;

/// <summary>Adds the dashboard to an AppHost, as Aspire's AppHost always runs its own.</summary>
public static class DashboardExtensions
{
    /// <summary>Reads the <c>Dashboard</c> section, checks it, and runs the dashboard beside the resources; null when <c>Dashboard:Enabled</c> is false.</summary>
    public static DashboardServer? AddDashboard(this DistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new DashboardOptions();
        builder.Configuration.GetSection(DashboardOptions.SectionName).Bind(options);
        if (!options.Enabled)
        {
            return null;
        }

        Validate(options, DashboardOptions.SectionName);
        Validate(options.Telemetry, $"{DashboardOptions.SectionName}:{nameof(DashboardOptions.Telemetry)}");
        var server = new DashboardServer(options);
        builder.AddLifecycleHook(server);
        return server;
    }

    private static void Validate(object options, string section)
    {
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new HostingException($"{section} is invalid: {string.Join(" ", errors.Select(e => $"{string.Join(",", e.MemberNames)}: {e.ErrorMessage}"))}");
        }
    }
}
