using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Ingestion.Hosting.Graph;

/// <summary>
/// The evaluation of a configured BEIR dataset as a resource of the dashboard: the <c>ingest</c> tool's <c>eval</c>
/// against this system's gateway, started by its Start command (not with the system) and answering in its console
/// log (the report as JSON: nDCG@10, R@100, MRR@10 per mode). Where the gateway has keys it gets one of its own,
/// <c>read</c> and <c>write</c> (it publishes the corpus), whose hash alone the gateway gets; the key itself is in the
/// tool's environment, which the dashboard shows to whoever may use it.
/// </summary>
public static class EvaluationResource
{
    public const string Name = "evaluation";
    private const int EvaluatorKeySlot = 91;

    /// <summary>Adds the evaluation of the BEIR folder <paramref name="dataset"/> (corpus.jsonl, queries.jsonl, qrels.tsv), in <paramref name="modes"/>.</summary>
    public static IResourceBuilder<IngestionResource> WithEvaluation<TCli>(this IResourceBuilder<IngestionResource> ingestion, string dataset, string modes = "bm25,dense,hybrid")
        where TCli : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(ingestion);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        var builder = ingestion.ApplicationBuilder;
        var gateway = ingestion.Resource.Gateway;
        var folder = Path.GetFullPath(dataset, builder.AppHostDirectory);
        var evaluation = builder.AddProject<TCli>(Name, options => options.ExcludeLaunchProfile = true)
            .WithArgs(context =>
            {
                context.Args.Add("eval");
                context.Args.Add("--dataset");
                context.Args.Add(folder);
                context.Args.Add("--modes");
                context.Args.Add(modes);
                context.Args.Add("--json");
                context.Args.Add("--gateway");
                context.Args.Add(gateway.Resource.GetEndpoint("http"));
            })
            .WaitFor(gateway)
            .WithExplicitStart();
        if (OperatorCommands.HasIdentities(builder.Configuration))
        {
            var key = AppHostKeys.Grant(gateway, EvaluatorKeySlot, "aspire-evaluation", "read", "write");
            evaluation.WithEnvironment("INGEST_API_KEY", key);
        }

        return ingestion;
    }
}
