namespace Ingestion.Index;

/// <summary>
/// A re-index held before its switch by the switch gate (<see cref="IIndexSwitchGate"/>): the index it built ranked the
/// gate's judged queries worse than the index searches read, by more than the tolerance, or could not be compared.
/// Searches keep reading the current index until an operator approves the switch or sets the model back.
/// </summary>
/// <param name="Target">The index built, which searches would move to.</param>
/// <param name="Reason">Why it is held, in words an operator acts on.</param>
/// <param name="Judgments">The judgment set compared on.</param>
/// <param name="Queries">Judged queries compared.</param>
/// <param name="Current">Mean nDCG@10 of the current index's model; null when no comparison was made.</param>
/// <param name="Building">Mean nDCG@10 of the built index's model; null when no comparison was made.</param>
/// <param name="Tolerance">How much lower the built one may score and still switch.</param>
/// <param name="PValue">The paired randomisation test's two-sided p-value of the difference; null without a comparison.</param>
/// <param name="HeldAt">When the gate held it.</param>
public sealed record SwitchHold(
    string Target,
    string Reason,
    string Judgments,
    int Queries,
    double? Current,
    double? Building,
    double Tolerance,
    double? PValue,
    DateTimeOffset HeldAt);
