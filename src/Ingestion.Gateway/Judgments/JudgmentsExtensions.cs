using Ingestion.Index.Judgments;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.Gateway.Judgments;

public static class JudgmentsExtensions
{
    /// <summary>The judgment store (<c>Gateway:Judgments</c>), its options validated at start.</summary>
    public static IServiceCollection AddJudgments(this IServiceCollection services)
    {
        services.AddOptions<JudgmentOptions>().BindConfiguration(JudgmentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JudgmentStore>();
        return services;
    }
}
