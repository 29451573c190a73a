namespace Ingestion.Client.Model;

/// <summary>
/// What one arm of an experiment earned: the result lists it served (or, interleaved, took part in), those where a
/// document it showed was judged useful (feedback of grade 1 or more by the caller it was shown to, or cited by an
/// answer), and that rate with its 95% Wilson interval.
/// </summary>
public sealed record ExperimentArmReport(string Arm, int Lists, int Successes, double Rate, double Low, double High);

/// <summary>
/// An experiment's outcome so far (<c>GET /api/experiments/{name}</c>): each arm's rate and, interleaved, how often
/// B's picks earned more than A's in one list (B's win rate over lists that had a winner, with its 95% Wilson interval).
/// </summary>
public sealed record ExperimentReport(
    string Name,
    bool Running,
    bool Interleaved,
    IReadOnlyList<ExperimentArmReport> Arms,
    int WinsB,
    int WinsA,
    int Ties,
    double? WinRateB,
    double? WinRateLow,
    double? WinRateHigh);
