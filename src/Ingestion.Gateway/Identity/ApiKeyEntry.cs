using System.Security.Cryptography;
using System.Text;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// One API key (section <c>Gateway:Keys:N</c>): the principal it stands for, the key or better its SHA-256 (so the
/// configuration holds no secret), its scopes and its groups.
/// </summary>
public sealed class ApiKeyEntry
{
    public const int MinKeyLength = 16;

    /// <summary>The principal the key acts as: the user of <c>user:&lt;name&gt;</c> in documents' readers.</summary>
    public string? Name { get; set; }

    /// <summary>The key itself (at least 16 characters); prefer <see cref="KeyHash"/>.</summary>
    public string? Key { get; set; }

    /// <summary>The key's SHA-256 as 64 hexadecimal digits (<c>printf %s KEY | sha256sum</c>).</summary>
    public string? KeyHash { get; set; }

    /// <summary>Any of <c>read</c>, <c>write</c>, <c>admin</c>.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>The groups the principal is in, as documents name them in <c>group:&lt;name&gt;</c>.</summary>
    public IList<string> Groups { get; } = [];

    /// <summary>The SHA-256 of the key, which is all the gateway compares.</summary>
    internal byte[] Hash() => KeyHash is not null ? Convert.FromHexString(KeyHash) : HashOf(Key ?? string.Empty);

    internal static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>What is wrong with this entry, if anything, for the options validation at start.</summary>
    internal IEnumerable<string> Problems(string section)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return $"{section}: Name is required (the principal the key acts as).";
        }

        if ((Key is null) == (KeyHash is null))
        {
            yield return $"{section}: set exactly one of Key and KeyHash.";
        }
        else if (Key is { Length: < MinKeyLength })
        {
            yield return $"{section}: Key must be at least {MinKeyLength} characters.";
        }
        else if (KeyHash is not null && (KeyHash.Length != 64 || !KeyHash.All(char.IsAsciiHexDigit)))
        {
            yield return $"{section}: KeyHash must be the key's SHA-256 as 64 hexadecimal digits.";
        }

        if (Scopes.Count == 0 || Scopes.Any(s => !Identity.Scopes.All.Contains(s)))
        {
            yield return $"{section}: Scopes must name one or more of {string.Join(", ", Identity.Scopes.All)}.";
        }

        if (Groups.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{section}: Groups must not be empty.";
        }
    }
}
