namespace Ingestion.Dashboard.Api;

/// <summary>Console lines of one resource after a sequence number; <see cref="Last"/> is the number to ask after next.</summary>
public sealed record ConsoleView(string Resource, long Last, IReadOnlyList<ConsoleLineView> Lines);

public sealed record ConsoleLineView(long Sequence, DateTimeOffset Time, bool IsError, string Text);
