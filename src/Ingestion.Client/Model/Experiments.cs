namespace Ingestion.Client.Model;

/// <summary>What one arm of an experiment earned: lists served, lists whose documents were judged useful or cited, and that rate with its 95% interval.</summary>
public sealed record ExperimentArmReport(string Arm, int Lists, int Successes, double Rate, double Low, double High);

/// <summary>An experiment's outcome so far: each arm's rate and, interleaved, B's win rate with its 95% interval.</summary>
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
