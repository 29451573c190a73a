namespace Ingestion.Contracts;

/// <summary>
/// Names of the resources the AppHost starts. They are also the connection-string and service names
/// the services read (<c>ConnectionStrings__cache</c>, <c>services__gateway__http__0</c>), as in Aspire.
/// </summary>
public static class ResourceNames
{
    public const string Cache = "cache";
    public const string Messaging = "messaging";
    /// <summary>The first embedding worker; more are named <c>worker-2</c>, <c>worker-3</c>, ...</summary>
    public const string Worker = "worker";

    /// <summary>The single writer of the embedded index.</summary>
    public const string Indexer = "indexer";
    public const string Gateway = "gateway";

    /// <summary>Elasticsearch, when it is the chunk store instead of the embedded index (<c>ConnectionStrings__search</c>).</summary>
    public const string Search = "search";

    /// <summary>
    /// An OpenAI-compatible chat endpoint for answers (<c>Endpoint=…;Key=…;Model=…</c>); not started by the AppHost,
    /// only passed on when configured.
    /// </summary>
    public const string Chat = "chat";

    /// <summary>
    /// An OpenAI-compatible embeddings endpoint (<c>Endpoint=…;Key=…;Model=…</c>), used when <c>Embeddings:Model</c> is
    /// <c>endpoint</c>; like the chat endpoint, only passed on when configured.
    /// </summary>
    public const string Embeddings = "embeddings";
}
