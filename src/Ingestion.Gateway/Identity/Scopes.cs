namespace Ingestion.Gateway.Identity;

/// <summary>
/// What a principal may do: <c>read</c> (search, ask, statuses, the index's state), <c>write</c> (document changes,
/// including who may read them), <c>admin</c> (redrive and index operations). Each is an authorization policy of the
/// same name on the endpoints that need it; none implies another.
/// </summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Read, Write, Admin];
}
