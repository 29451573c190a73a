using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway;

/// <summary>
/// Validates the nested sections of <see cref="GatewayOptions"/> (<c>Gateway:Fusion</c>, <c>Gateway:RateLimit</c>, <c>Gateway:Ask</c>),
/// which data-annotation validation of the top level does not enter, so a bad value stops the gateway at start.
/// </summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (section, value) in new (string, object)[] { ("Gateway:Fusion", options.Fusion), ("Gateway:RateLimit", options.RateLimit), ("Gateway:WriteRateLimit", options.WriteRateLimit), ("Gateway:Ask", options.Ask), ("Gateway:Ask:RateLimit", options.Ask.RateLimit), ("Gateway:FailedCredentialLimit", options.FailedCredentialLimit) })
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"{section}: {r.ErrorMessage}"));
            }
        }

        if (options.Ask.DefaultBudgetTokens > options.Ask.MaxBudgetTokens)
        {
            failures.Add($"Gateway:Ask: DefaultBudgetTokens ({options.Ask.DefaultBudgetTokens}) exceeds MaxBudgetTokens ({options.Ask.MaxBudgetTokens}).");
        }

        if (options.Ask.DefaultCandidates > options.Ask.MaxCandidates)
        {
            failures.Add($"Gateway:Ask: DefaultCandidates ({options.Ask.DefaultCandidates}) exceeds MaxCandidates ({options.Ask.MaxCandidates}).");
        }

        if (options.Fusion.LexicalWeight + options.Fusion.DenseWeight <= 0)
        {
            failures.Add("Gateway:Fusion: Bm25Weight and DenseWeight must not both be 0; every fused score would be 0.");
        }

        if (options.DefaultK > options.MaxK)
        {
            failures.Add($"Gateway: DefaultK ({options.DefaultK}) exceeds MaxK ({options.MaxK}); every search without k would be refused.");
        }

        failures.AddRange(options.KnownProxies
            .Where(proxy => !System.Net.IPAddress.TryParse(proxy, out _))
            .Select(proxy => $"Gateway:KnownProxies: '{proxy}' is not an IP address."));

        failures.AddRange(options.Keys.SelectMany((key, i) => key.Problems($"Gateway:Keys:{i}")));
        failures.AddRange(Identity.GatewayKeys.Entries(options).GroupBy(k => k.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"Gateway:Keys: the name '{g.Key}' is given to more than one key."));
        failures.AddRange(options.Tokens.Problems());
        failures.AddRange(options.DefaultReaders
            .Where(reader => !Ingestion.Index.ReaderTerms.IsValid(reader))
            .Select(reader => $"Gateway:DefaultReaders: '{reader}' is not public, user:<id> or group:<name>."));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
