using System.ComponentModel;
using Ingestion.Gateway.Apis;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Model;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Ingestion.Gateway.Mcp;

/// <summary>
/// The write tools, offered only with <c>Gateway:Mcp:AllowWrites</c>: each needs the <c>write</c> scope and goes through
/// the HTTP API's own endpoint code (its checks, versions and readers). Content comes inline, within the request's
/// bytes (<c>Gateway:MaxRequestBytes</c>); an agent cannot point the workers at a URL.
/// </summary>
[McpServerToolType]
public sealed class DocumentWriteTools(IHttpContextAccessor accessor)
{
    [McpServerTool(Name = "upsert_document", Title = "Add or replace a document", Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Adds a document to the collection, or replaces the one with the same id. It is ingested in the background: " +
        "document_status tells when it is searchable. Binary formats (PDF, DOCX) are sent base64-encoded.")]
    public async Task<DocumentAccepted> UpsertDocumentAsync(
        [Description("The document's id (a name or path of your choosing).")] string? documentId = null,
        [Description("The document's content: text, or base64 for binary formats.")] string? content = null,
        [Description("The media type: text/plain (default), text/markdown, text/html, application/pdf, ...")] string? contentType = null,
        [Description("The title shown with its passages; the id when not given.")] string? title = null,
        [Description("Labels to filter searches by.")] string[]? tags = null,
        [Description("Who may read it: user:<id>, group:<name> or public; the server's default when not given.")] string[]? readers = null,
        [Description("A version number higher than the current one; assigned when not given.")] long? version = null,
        CancellationToken cancellationToken = default)
    {
        var http = Request;
        var caller = await WriterAsync(http);
        var body = new PutDocumentRequest(title, contentType ?? "text/plain", content, tags, version, null, readers);
        var services = ActivatorUtilities.CreateInstance<DocumentChangeServices>(http.RequestServices, http);
        var answer = await DocumentsApi.PutDocument(ToolAnswers.Required(documentId, "documentId"), body, caller, services, cancellationToken);
        return ToolAnswers.ValueOf<DocumentAccepted>(answer.Result);
    }

    [McpServerTool(Name = "delete_document", Title = "Delete a document", Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Deletes a document and every passage of it from the collection.")]
    public async Task<DocumentAccepted> DeleteDocumentAsync(
        [Description("The document's id.")] string? documentId = null,
        [Description("The version to delete at (higher than the current one); assigned when not given.")] long? version = null,
        CancellationToken cancellationToken = default)
    {
        var http = Request;
        await WriterAsync(http);
        var services = ActivatorUtilities.CreateInstance<DocumentChangeServices>(http.RequestServices, http);
        var answer = await DocumentsApi.DeleteDocument(ToolAnswers.Required(documentId, "documentId"), version, services, cancellationToken);
        return ToolAnswers.ValueOf<DocumentAccepted>(answer.Result);
    }

    private HttpContext Request => ToolRequest.Of(accessor);

    /// <summary>The caller, if it may write: <c>/mcp</c> itself admits readers.</summary>
    private static async Task<Caller> WriterAsync(HttpContext http)
    {
        var caller = await ToolRequest.CallerAsync(http);
        return caller.Scopes.Contains(Scopes.Write) ? caller : throw new McpException("This needs the 'write' scope, which the credential does not have.");
    }
}
