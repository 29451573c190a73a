using System.Globalization;
using System.Text;

namespace Ingestion.IntegrationTests.Faults;

/// <summary>One change to publish: an upsert with its content, or a delete.</summary>
public sealed record PlannedEvent(string DocumentId, long Version, bool IsDelete, string ContentType, string Content, bool IsPoison);

/// <summary>
/// A reproducible mix of document changes for the fault test: several versions per document, some
/// deletes, every event shuffled (so older versions often arrive after newer ones), one in ten sent
/// twice, and one in a hundred a poison document (binary bytes declared as text, or a corrupt PPTX or XLSX).
/// </summary>
public sealed class EventPlan
{
    private static readonly string[] Words =
    [
        "retrieval", "fusion", "ranking", "vector", "lexical", "chunk", "embedding", "index", "broker", "replica",
        "version", "commit", "segment", "query", "document", "latency", "recall", "precision", "worker", "queue",
        "ordering", "idempotent", "durable", "snapshot", "manifest", "tombstone", "retry", "backoff", "cache", "token",
    ];

    /// <summary>One bad file of each kind the worker reads: binary bytes declared as text, and a corrupt file of each Office format.</summary>
    private static readonly PlannedEvent[] Poisons =
    [
        new(string.Empty, 1, false, "text/plain", "PK\u0003\u0004\u0000\u0000\u0008\u0000 not text at all \u0000\u0001\u0002", true),
        new(string.Empty, 1, false, "application/vnd.openxmlformats-officedocument.presentationml.presentation", Convert.ToBase64String("PK\u0003\u0004 a truncated deck"u8.ToArray()), true),
        new(string.Empty, 1, false, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Convert.ToBase64String("PK\u0003\u0004 a truncated workbook"u8.ToArray()), true),
    ];

    private EventPlan(string prefix, IReadOnlyList<PlannedEvent> events, IReadOnlyDictionary<string, PlannedEvent> finalByDocument, int poisonCount)
    {
        Prefix = prefix;
        Events = events;
        FinalByDocument = finalByDocument;
        PoisonCount = poisonCount;
    }

    /// <summary>What every document id of this plan starts with.</summary>
    public string Prefix { get; }

    /// <summary>Every event to publish, in publishing order.</summary>
    public IReadOnlyList<PlannedEvent> Events { get; }

    /// <summary>The newest version of each document: what the index must hold at the end.</summary>
    public IReadOnlyDictionary<string, PlannedEvent> FinalByDocument { get; }

    public int PoisonCount { get; }

    public static EventPlan Create(int seed, int documents, string prefix)
    {
        var random = new Random(seed);
        var distinct = new List<PlannedEvent>();
        for (var d = 0; d < documents; d++)
        {
            var id = $"{prefix}-{d.ToString("D4", CultureInfo.InvariantCulture)}";
            var versions = random.Next(3, 6);
            for (var v = 1; v <= versions; v++)
            {
                // Gaps between versions, as clients' own version numbers (timestamps) have them.
                var version = (v * 10) + random.Next(0, 9);
                var isDelete = v > 1 && random.NextDouble() < 0.15;
                distinct.Add(isDelete
                    ? new PlannedEvent(id, version, true, "text/plain", string.Empty, false)
                    : new PlannedEvent(id, version, false, "text/plain", ContentOf(random, id, version), false));
            }
        }

        var events = new List<PlannedEvent>(distinct);
        events.AddRange(distinct.Where(_ => random.NextDouble() < 0.10));

        var poison = Math.Max(1, (int)Math.Ceiling(events.Count / 99.0));
        for (var p = 0; p < poison; p++)
        {
            var id = $"{prefix}-poison-{p.ToString("D3", CultureInfo.InvariantCulture)}";
            events.Add(Poisons[p % Poisons.Length] with { DocumentId = id });
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(events));
        var final = distinct.GroupBy(e => e.DocumentId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Version)!, StringComparer.Ordinal);
        return new EventPlan(prefix, events, final, poison);
    }

    /// <summary>Text unique to the document and version; one in ten is long enough for several chunks.</summary>
    private static string ContentOf(Random random, string id, long version)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Document {id} at version {version}.");
        var sentences = random.NextDouble() < 0.1 ? 40 : 4;
        for (var s = 0; s < sentences; s++)
        {
            text.Append(' ');
            var length = random.Next(6, 14);
            for (var w = 0; w < length; w++)
            {
                text.Append(w == 0 ? string.Empty : " ").Append(Words[random.Next(Words.Length)]);
            }

            text.Append('.');
        }

        return text.ToString();
    }
}
