using System.ComponentModel.DataAnnotations;
using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Mcp;
using Ingestion.Gateway.Search;
using Ingestion.Gateway.Security;

namespace Ingestion.Gateway;

/// <summary>Request limits and the default fusion of the gateway.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Largest request body a document PUT may have.</summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 8 * 1024 * 1024;

    [Range(1, 100)]
    public int DefaultK { get; set; } = 10;

    /// <summary>Most chunks one search may return; evaluation asks for hundreds to rank a hundred documents.</summary>
    [Range(1, 10_000)]
    public int MaxK { get; set; } = 1000;

    /// <summary>
    /// Most characters of chunk text one hit carries; longer text is cut and the hit says so (<c>textTruncated</c>).
    /// Chunks are bounded by <c>Chunking:MaxChars</c> when written; this bounds what an index of other settings holds.
    /// </summary>
    [Range(256, 1 << 20)]
    public int MaxHitTextChars { get; set; } = 4096;

    /// <summary>
    /// Most characters of chunk text one answer carries over all its hits: a page of many hits gets a smaller share
    /// each (at most <see cref="MaxHitTextChars"/>), so no search answers more than about this much text.
    /// </summary>
    [Range(4096, 1 << 26)]
    public int MaxResponseTextChars { get; set; } = 1 << 20;

    /// <summary>Most documents a grouped search ranks (and pages through with its cursor).</summary>
    [Range(1, 10_000)]
    public int MaxGroupedDocuments { get; set; } = 200;

    /// <summary>Most chunks per document a grouped search may ask for.</summary>
    [Range(1, 100)]
    public int MaxPerDocument { get; set; } = 20;

    /// <summary>How long a grouped search's ranking stays in Redis for its cursor.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan CursorLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most bytes one grouped search's ranking takes in Redis; a larger one keeps its best documents that fit.</summary>
    [Range(4096, 64 << 20)]
    public int MaxCursorBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Most bytes of rankings one client may keep in Redis per <see cref="CursorLifetime"/>; past it, a grouped search
    /// that needs a cursor is refused (429) until the window ends. Without it, grouped searches at the search rate
    /// filled Redis's memory in seconds, evicting the embedding cache and other clients' cursors.
    /// </summary>
    [Range(4096, 1L << 34)]
    public long CursorBytesPerClient { get; set; } = 16L << 20;

    /// <summary>Most bytes of rankings all clients together may keep per <see cref="CursorLifetime"/>, well within Redis's <c>maxmemory</c>.</summary>
    [Range(4096, 1L << 36)]
    public long CursorBytesTotal { get; set; } = 128L << 20;

    /// <summary>How long a search answer is kept in Redis for the same request on the same index generation; zero turns the cache off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ResultCacheLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most bytes of answers one client may cache per <see cref="ResultCacheLifetime"/>; past it its answers are not
    /// cached until the window ends. Without it, one client's distinct searches filled Redis within seconds.
    /// </summary>
    [Range(4096, 1L << 34)]
    public long ResultCacheBytesPerClient { get; set; } = 8L << 20;

    /// <summary>Most bytes of answers all clients together may cache per <see cref="ResultCacheLifetime"/>, well within Redis's <c>maxmemory</c>.</summary>
    [Range(4096, 1L << 36)]
    public long ResultCacheBytesTotal { get; set; } = 64L << 20;

    /// <summary>Searches per client and window.</summary>
    [Required]
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Document changes (PUT, DELETE) per client and window: far above what one client's sync sends.</summary>
    [Required]
    public RateLimitOptions WriteRateLimit { get; set; } = new() { PermitsPerWindow = 1000 };

    /// <summary>
    /// A single key with the <c>read</c> and <c>write</c> scopes, as the principal <c>api-key</c> (at least 16
    /// characters): the configuration of earlier versions, kept as one entry of <see cref="Keys"/>.
    /// </summary>
    [MinLength(16)]
    public string? ApiKey { get; set; }

    /// <summary>
    /// The API keys (<c>Gateway:Keys:N:Name</c>, <c>:KeyHash</c> or <c>:Key</c>, <c>:Scopes</c>, <c>:Groups</c>). With any
    /// key or a token issuer, every endpoint requires a credential; with none, the gateway is single-user and listens on
    /// loopback only.
    /// </summary>
    public IList<ApiKeyEntry> Keys { get; } = [];

    /// <summary>OIDC / JWT bearer tokens (section <c>Gateway:Tokens</c>); unset, tokens are not accepted.</summary>
    [Required]
    public TokenOptions Tokens { get; set; } = new();

    /// <summary>
    /// Who may read a document whose change names no <c>readers</c>. Unset: <c>public</c> on a single-user gateway,
    /// the writing principal (<c>user:&lt;name&gt;</c>) on any other.
    /// </summary>
    public IList<string> DefaultReaders { get; } = [];

    /// <summary>Refused credentials per client and window before any credential from it is refused with 429.</summary>
    [Required]
    public RateLimitOptions FailedCredentialLimit { get; set; } = new() { PermitsPerWindow = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-For</c> names the client (for rate limits); empty, the
    /// header is ignored and the connection's address is the client's.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>
    /// Most bytes of any request body but a document's (<see cref="MaxDocumentBytes"/>): status batches, searches and
    /// asks in a body. A thousand ids of 512 characters fit; Kestrel's own default would let each take 30 MB.
    /// </summary>
    [Range(64 * 1024, 64L * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Most characters of a document's text one read returns (<c>GET /api/documents/{id}/text</c>, MCP's <c>read_document</c>).</summary>
    [Range(100, 1 << 20)]
    public int MaxReadCharacters { get; set; } = 20_000;

    /// <summary>The MCP server at <c>/mcp</c> (section <c>Gateway:Mcp</c>).</summary>
    public McpOptions Mcp { get; set; } = new();

    /// <summary>Most documents one status query (<c>POST /api/documents/status</c>) may name.</summary>
    [Range(1, 100_000)]
    public int MaxStatusBatch { get; set; } = 1000;

    /// <summary>Most characters of a query in a URL (<c>GET /api/search</c>) and of an ask's question.</summary>
    [Range(1, 10_000)]
    public int MaxQueryLength { get; set; } = 1000;

    /// <summary>
    /// Most characters of a query sent in the body of <c>POST /api/search</c>: standard collections have queries of
    /// whole paragraphs (an argument, a claim with its context). Its cost stays bounded: repeated terms are one
    /// clause, and the encoder reads its first 256 word pieces.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxBodyQueryLength { get; set; } = 16_384;

    /// <summary>How long a document change may wait for the broker's confirmation before the client gets a 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Defaults of hybrid fusion (the literature's, see <see cref="FusionDefaults"/>).</summary>
    [Required]
    public FusionDefaults Fusion { get; set; } = new();

    /// <summary>RAG context assembly and answers (<c>POST /api/ask</c>).</summary>
    [Required]
    public AskOptions Ask { get; set; } = new();

    /// <summary>A single key with the <c>admin</c> scope, as the principal <c>admin</c>: kept as one entry of <see cref="Keys"/>.</summary>
    [MinLength(16)]
    public string? AdminApiKey { get; set; }
}
