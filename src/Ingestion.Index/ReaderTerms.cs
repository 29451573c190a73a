namespace Ingestion.Index;

/// <summary>
/// The vocabulary of document permissions. A document names its readers as terms, and a caller is the set of terms
/// that stand for it (its user, its groups, and <see cref="Public"/>); it may read a document when the two meet. One
/// term per principal keeps the check a terms-in-set filter, however many groups a caller is in.
/// </summary>
public static class ReaderTerms
{
    /// <summary>Anyone the gateway admits may read the document.</summary>
    public const string Public = "public";

    public const string UserPrefix = "user:";

    public const string GroupPrefix = "group:";

    public static string User(string id) => UserPrefix + id;

    public static string Group(string name) => GroupPrefix + name;

    /// <summary>Whether a term is one a document may name: <c>public</c>, or <c>user:</c> / <c>group:</c> and a name.</summary>
    public static bool IsValid(string term) =>
        term == Public
        || (term.StartsWith(UserPrefix, StringComparison.Ordinal) && term.Length > UserPrefix.Length)
        || (term.StartsWith(GroupPrefix, StringComparison.Ordinal) && term.Length > GroupPrefix.Length);

    /// <summary>Whether a caller of <paramref name="callerTerms"/> (null: unrestricted) may read a document naming <paramref name="readers"/>.</summary>
    public static bool MayRead(IReadOnlyCollection<string>? callerTerms, IReadOnlyList<string> readers)
    {
        ArgumentNullException.ThrowIfNull(readers);
        return callerTerms is null || readers.Any(callerTerms.Contains);
    }
}
