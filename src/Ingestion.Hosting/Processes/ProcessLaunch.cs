namespace Ingestion.Hosting.Processes;

/// <summary>How to start one process.</summary>
public sealed record ProcessLaunch(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory);
