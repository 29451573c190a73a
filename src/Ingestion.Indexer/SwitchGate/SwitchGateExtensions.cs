using Ingestion.Index;
using Ingestion.Index.Judgments;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.Indexer.SwitchGate;

public static class SwitchGateExtensions
{
    /// <summary>
    /// The switch gate (<c>Index:SwitchGate</c>, validated at start) when it names a judgment set: the set is read from
    /// the gateway's judgment store (<c>Gateway:Judgments:Path</c>, by default beside the index).
    /// </summary>
    public static IHostApplicationBuilder AddSwitchGate(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SwitchGateOptions>().BindConfiguration(SwitchGateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{SwitchGateOptions.SectionName}:{nameof(SwitchGateOptions.Judgments)}"]))
        {
            return builder;
        }

        builder.Services.AddOptions<JudgmentOptions>().BindConfiguration(JudgmentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<JudgmentStore>();
        builder.Services.AddSingleton<IIndexSwitchGate, JudgedSwitchGate>();
        return builder;
    }
}
