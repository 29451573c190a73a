using System.CommandLine;

namespace Ingestion.Cli.Commands;

/// <summary>Options several commands share, declared once so they read and validate the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<int> Timeout() => Positive(new Option<int>("--timeout") { Description = "Seconds to wait for ingestion before giving up.", DefaultValueFactory = _ => 1800 });

    public static Option<int> Parallel() => Positive(new Option<int>("--parallel") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 8 });

    /// <summary>Who may read what is published (repeatable); unset, the gateway's default (its writer, or public single-user).</summary>
    public static Option<string[]> Readers() => new("--reader")
    {
        Description = "Who may read the documents: public, user:<id> or group:<name> (repeatable; default: the gateway's Gateway:DefaultReaders, else the publishing principal).",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<int> Positive(Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{option.Name} must be at least 1.");
            }
        });
        return option;
    }
}
