namespace Ingestion.Gateway.Mcp;

/// <summary>
/// The MCP server at <c>/mcp</c> (section <c>Gateway:Mcp</c>): its retrieval tools answer as the HTTP API does, to the
/// same credentials and trimmed to what the caller may read. Writes are off unless <see cref="AllowWrites"/> is set: an
/// agent that reads documents should not be able to change them because one of them told it to.
/// </summary>
public sealed class McpOptions
{
    /// <summary>Whether <c>/mcp</c> is served at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether the tools <c>upsert_document</c> and <c>delete_document</c> are offered (they take the <c>write</c> scope).</summary>
    public bool AllowWrites { get; set; }
}
