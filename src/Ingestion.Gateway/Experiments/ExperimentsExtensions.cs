using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Experiments;

public static class ExperimentsExtensions
{
    /// <summary>The running experiment's router and its log (<c>Gateway:Experiments</c>), validated at start.</summary>
    public static IServiceCollection AddExperiments(this IServiceCollection services)
    {
        services.AddOptions<ExperimentOptions>().BindConfiguration(ExperimentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExperimentOptions>, ExperimentOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ExperimentRouter>();
        services.AddSingleton<ExperimentLog>();
        return services;
    }
}
