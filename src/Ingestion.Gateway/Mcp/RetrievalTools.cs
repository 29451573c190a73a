using System.ComponentModel;
using Ingestion.Gateway.Apis;
using Ingestion.Gateway.Documents;
using Ingestion.Gateway.Model;
using ModelContextProtocol.Server;
using AskResponse = Ingestion.Client.Model.AskResponse;
using SearchResponse = Ingestion.Client.Model.SearchResponse;

namespace Ingestion.Gateway.Mcp;

/// <summary>
/// The retrieval tools of the MCP server. Each answers through the HTTP API's own endpoint code, so its arguments are
/// checked against the same limits and its answer is trimmed to what the caller (the request's credential) may read.
/// </summary>
[McpServerToolType]
public sealed class RetrievalTools(IHttpContextAccessor accessor)
{
    [McpServerTool(Name = "search", Title = "Search the documents", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Searches the document collection and returns the best matching passages, best first, each with where it comes from " +
        "(documentId, version, chunkId, startOffset and endOffset in the document's text, page) so it can be cited or expanded with read_document, " +
        "and its context: the headings above the passage, or a continued table's header. " +
        "Use it to find facts in the documents; prefer get_context when you need passages to answer a question within a token budget.")]
    public async Task<ToolSearchResult> SearchAsync(
        [Description("What to look for: a question, a phrase or keywords.")] string? query = null,
        [Description("hybrid (keywords and meaning, the default), bm25 (exact words) or dense (meaning only).")] string? mode = null,
        [Description("How many passages to return (default 10).")] int? k = null,
        [Description("Only documents with any of these tags.")] string[]? tags = null,
        [Description("Only documents with all of these tags.")] string[]? allTags = null,
        [Description("Only documents of these media types, such as text/markdown or application/pdf.")] string[]? contentTypes = null,
        [Description("Only documents whose id starts with this.")] string? idPrefix = null,
        [Description("Only documents changed after this time (ISO 8601).")] string? updatedAfter = null,
        CancellationToken cancellationToken = default)
    {
        var http = Request;
        var parameters = new SearchParameters(ToolAnswers.Required(query, "query"), k, mode, null, null, null, null, null, tags, allTags, contentTypes, idPrefix, updatedAfter, Highlight: false, null, null, null);
        var services = ActivatorUtilities.CreateInstance<SearchServices>(http.RequestServices, http);
        var answer = ToolAnswers.ValueOf<SearchResponse>((await SearchApi.SearchInBody(parameters, await ToolRequest.CallerAsync(http), services, cancellationToken)).Result);
        return new ToolSearchResult(answer.Query, answer.Mode, [.. answer.Hits.Select(ToolCitation.Of)]);
    }

    [McpServerTool(Name = "get_context", Title = "Passages to answer a question", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Finds the passages that best answer a question and fits them into a token budget, numbered [1], [2], ... with their sources, " +
        "as this system gives a chat model to answer from. Answer from these passages and cite them by number; if they do not hold the answer, say so.")]
    public async Task<ToolContextResult> GetContextAsync(
        [Description("The question to answer.")] string? question = null,
        [Description("The most tokens the passages (with the question) may take; the server's default when not given.")] int? budgetTokens = null,
        [Description("hybrid (the default), bm25 or dense.")] string? mode = null,
        [Description("Only documents with any of these tags.")] string[]? tags = null,
        [Description("Only documents whose id starts with this.")] string? idPrefix = null,
        CancellationToken cancellationToken = default)
    {
        var http = Request;
        var request = new AskRequest(ToolAnswers.Required(question, "question"), budgetTokens, null, mode, tags, null, null, idPrefix, null, Answer: false);
        var services = ActivatorUtilities.CreateInstance<AskServices>(http.RequestServices);
        var answer = ToolAnswers.ValueOf<AskResponse>((await AskApi.Ask(request, await ToolRequest.CallerAsync(http), services, cancellationToken)).Result);
        return new ToolContextResult(answer.Question, answer.Citations, answer.Context.PromptTokens, answer.Context.BudgetTokens, answer.Context.Tokenizer);
    }

    [McpServerTool(Name = "read_document", Title = "Read a document", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reads a document's text, or a stretch of it from a character offset: use it to expand a passage found by search or get_context " +
        "(pass its documentId and a from a little before its startOffset). Long documents come in parts: when more is true, read on from 'to'.")]
    public async Task<DocumentText> ReadDocumentAsync(
        [Description("The document's id, as search returned it.")] string? documentId = null,
        [Description("The character offset to start at (default 0).")] int? from = null,
        [Description("How many characters to read at most (default and most: the server's Gateway:MaxReadCharacters).")] int? length = null,
        CancellationToken cancellationToken = default)
    {
        var http = Request;
        var services = ActivatorUtilities.CreateInstance<DocumentStatusServices>(http.RequestServices);
        var answer = await DocumentsApi.GetDocumentText(ToolAnswers.Required(documentId, "documentId"), from, length, await ToolRequest.CallerAsync(http), services, http, cancellationToken);
        return ToolAnswers.ValueOf<DocumentText>(answer.Result);
    }

    [McpServerTool(Name = "document_status", Title = "Documents' ingestion status", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Tells whether documents were ingested: for each id its state (queued, processing, indexed, deleted, failed with a reason, " +
        "or superseded by a newer version), its version and whether that version is searchable yet. Ids it does not know (or the caller may not read) are listed as missing.")]
    public async Task<DocumentStatuses> DocumentStatusAsync(
        [Description("The documents' ids (one or more).")] string[]? documentIds = null,
        CancellationToken cancellationToken = default)
    {
        var http = Request;
        var services = ActivatorUtilities.CreateInstance<DocumentStatusServices>(http.RequestServices);
        var answer = await DocumentsApi.GetDocuments(new DocumentStatusQuery(documentIds), await ToolRequest.CallerAsync(http), services, cancellationToken);
        return ToolAnswers.ValueOf<DocumentStatuses>(answer.Result);
    }

    private HttpContext Request => ToolRequest.Of(accessor);
}
