using Ingestion.Gateway.Judgments;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Experiments;

/// <summary>Experiments are checked at start: a name that is safe in a URL, a share between 0 and 1, settings in range.</summary>
public sealed class ExperimentOptionsValidator : IValidateOptions<ExperimentOptions>
{
    public ValidateOptionsResult Validate(string? name, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.Active.Count; i++)
        {
            var experiment = options.Active[i];
            var at = $"{ExperimentOptions.SectionName}:Active:{i}";
            if (!JudgmentSetNames.IsValid(experiment.Name))
            {
                failures.Add($"{at}:Name must be 1 to 64 letters, digits, '.', '_' or '-'.");
            }

            if (experiment.Share is < 0 or > 1 || double.IsNaN(experiment.Share))
            {
                failures.Add($"{at}:Share must be between 0 and 1.");
            }

            var b = experiment.B;
            if (b.Window is < 1 or > 1000 || b.RrfK is < 1 or > 1000 || b.LexicalWeight is < 0 or > 100 or double.NaN || b.DenseWeight is < 0 or > 100 or double.NaN)
            {
                failures.Add($"{at}:B: Window and RrfK must be 1 to 1000, Bm25Weight and DenseWeight 0 to 100.");
            }
            else if (b.LexicalWeight == 0 && b.DenseWeight == 0)
            {
                failures.Add($"{at}:B: Bm25Weight and DenseWeight must not both be 0.");
            }
        }

        if (options.Active.CountBy(e => e.Name).FirstOrDefault(c => c.Value > 1) is { Key: { } twice })
        {
            failures.Add($"{ExperimentOptions.SectionName}: the experiment '{twice}' is named twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
