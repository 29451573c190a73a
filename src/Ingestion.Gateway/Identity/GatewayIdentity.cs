using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// Whether the gateway knows who its callers are: as soon as any key (<c>Gateway:Keys</c>, <c>Gateway:ApiKey</c>,
/// <c>Gateway:AdminApiKey</c>) or a token issuer (<c>Gateway:Tokens</c>) is configured, every endpoint requires a
/// credential. Without any, the gateway is single-user: allowed on loopback only, where anyone on the machine may
/// read and change everything, as the log says at start.
/// </summary>
public sealed class GatewayIdentity(IOptions<GatewayOptions> options, GatewayKeys keys)
{
    public bool Enabled { get; } = keys.Any || options.Value.Tokens.Enabled;

    public bool Tokens => options.Value.Tokens.Enabled;

    /// <summary>
    /// Who may read a document written without <c>readers</c> by <paramref name="writer"/>: <c>Gateway:DefaultReaders</c>
    /// when set; otherwise <c>public</c> on a single-user gateway, the writing principal on any other.
    /// </summary>
    public IReadOnlyList<string> DefaultReadersFor(Caller writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (options.Value.DefaultReaders.Count > 0)
        {
            return [.. options.Value.DefaultReaders];
        }

        return writer.UserId is { } user ? [Ingestion.Index.ReaderTerms.User(user)] : [Ingestion.Index.ReaderTerms.Public];
    }
}
