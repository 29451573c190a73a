using System.Diagnostics;
using Ingestion.Core.Documents.Extraction;

namespace Ingestion.Worker.Pipeline;

/// <summary>
/// Runs a CPU-bound step within <c>Worker:StepTimeBudget</c>; running over it is a permanent failure of the document,
/// with the reason. The step is cancelled when the budget runs out (parsers and the chunker look at the token between
/// pages, paragraphs or nodes), and a step that finishes late fails all the same: a timer's callback can be late on
/// a busy thread pool, and the outcome must not depend on that.
/// </summary>
public static class StepTimeBudget
{
    public static T Run<T>(string step, TimeSpan budget, Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        var started = Stopwatch.GetTimestamp();
        T result;
        try
        {
            result = work(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Over(step, budget);
        }

        return Stopwatch.GetElapsedTime(started) > budget ? throw Over(step, budget) : result;
    }

    private static ExtractionException Over(string step, TimeSpan budget) =>
        new($"The {step} step took longer than Worker:StepTimeBudget ({budget.TotalSeconds:0.###} s): the content is too costly to read; split it into smaller documents.");
}
