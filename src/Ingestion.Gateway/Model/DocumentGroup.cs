namespace Ingestion.Gateway.Model;

/// <summary>A document of a grouped search, where documents are ranked as documents: its score and its best chunks (at most <c>perDocument</c>).</summary>
public sealed record DocumentGroup(string DocumentId, string Title, double Score, IReadOnlyList<SearchHit> Hits);
