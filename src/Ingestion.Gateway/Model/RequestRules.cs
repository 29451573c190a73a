using Ingestion.Core.Status;
using Ingestion.Gateway.Search;

namespace Ingestion.Gateway.Model;

/// <summary>The checks more than one request shares, each with its one message.</summary>
internal static class RequestRules
{
    public const int MaxDocumentIdLength = 512;

    /// <summary>A document id as the path gives it: not empty, bounded, no control characters.</summary>
    public static void DocumentId(string id, RequestErrors errors)
    {
        if (!IsDocumentId(id))
        {
            errors.Add("id", $"The document id must be 1 to {MaxDocumentIdLength} characters without control characters.");
        }
    }

    /// <summary>Whether a document can have this id: not empty, bounded, no control characters.</summary>
    public static bool IsDocumentId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= MaxDocumentIdLength && !id.Any(char.IsControl);

    /// <summary>A client's version, when given: 1 to <see cref="DocumentVersions.Max"/>.</summary>
    public static void Version(long? version, RequestErrors errors)
    {
        if (version is < 1 or > DocumentVersions.Max)
        {
            errors.Add("version", $"version must be between 1 and {DocumentVersions.Max}.");
        }
    }

    /// <summary>The <c>mode</c> of a search or an ask, hybrid when not given.</summary>
    public static SearchMode Mode(string? given, RequestErrors errors)
    {
        if (given is null)
        {
            return SearchMode.Hybrid;
        }

        if (!SearchModeText.TryParse(given, out var mode))
        {
            errors.Add("mode", $"mode '{given}' is unknown; use hybrid, bm25 or dense.");
        }

        return mode;
    }

    /// <summary>Hits (or grouped documents) per page.</summary>
    public static int PageSize(int? k, GatewayOptions limits, RequestErrors errors)
    {
        var count = k ?? limits.DefaultK;
        if (count < 1 || count > limits.MaxK)
        {
            errors.Add("k", $"k must be between 1 and {limits.MaxK}.");
        }

        return count;
    }

    /// <summary>Which characters of a document to read: from an offset (0 by default), at most <c>Gateway:MaxReadCharacters</c> of them.</summary>
    public static (int From, int Length) TextStretch(int? from, int? length, GatewayOptions limits, RequestErrors errors)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        if (from is < 0)
        {
            errors.Add("from", "from must be a character offset of 0 or more.");
        }

        if (length is < 1 || length > limits.MaxReadCharacters)
        {
            errors.Add("length", $"length must be between 1 and {limits.MaxReadCharacters} characters (Gateway:MaxReadCharacters); read on from where the last read ended.");
        }

        return (from ?? 0, length ?? limits.MaxReadCharacters);
    }
}
