using System.Security.Cryptography;
using System.Text;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Judgments;
using Ingestion.Gateway.Search;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Experiments;

/// <summary>
/// Puts a caller in an arm of the running experiment: by a hash of the experiment's name and the caller's identity,
/// so a caller stays in one arm for the experiment's life (whatever gateway replica answers) and arms are independent
/// from one experiment to the next.
/// </summary>
public sealed class ExperimentRouter(IOptions<ExperimentOptions> options)
{
    public Experiment? Running => options.Value.Active.FirstOrDefault();

    /// <summary>The draw for a request of <paramref name="caller"/> whose settings would be <paramref name="defaults"/>; null when no experiment runs.</summary>
    public ExperimentDraw? Draw(Caller caller, FusionParameters defaults, bool interleaving = true)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (Running is not { } experiment)
        {
            return null;
        }

        var judge = CallerJudge.Of(caller);
        var b = experiment.B.Apply(defaults);
        if (experiment.Interleave && interleaving)
        {
            return new ExperimentDraw(experiment.Name, ExperimentDraw.Interleaved, defaults, b, judge);
        }

        return new ExperimentDraw(experiment.Name, Bucket(experiment.Name, judge) < experiment.Share ? "B" : "A", defaults, b, judge);
    }

    /// <summary>A number in [0, 1) from the experiment and the judge, the same on every replica.</summary>
    internal static double Bucket(string experiment, string judge)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(experiment + "\n" + judge));
        return BitConverter.ToUInt64(hash, 0) / (ulong.MaxValue + 1.0);
    }
}
