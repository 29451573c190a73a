namespace Ingestion.Core.Extraction;

/// <summary>The plain text of a document; chunk offsets point into <see cref="Text"/>.</summary>
public sealed record ExtractedText(string Text);
