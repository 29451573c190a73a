using System.Diagnostics;
using Ingestion.Gateway.Experiments;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Model;
using Ingestion.Gateway.Search;
using Ingestion.Gateway.Security;
using Ingestion.Index;
using Ingestion.Index.Lucene.Lexical;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;
using DocumentGroup = Ingestion.Client.Model.DocumentGroup;
using SearchHit = Ingestion.Client.Model.SearchHit;
using SearchResponse = Ingestion.Client.Model.SearchResponse;

namespace Ingestion.Gateway.Apis;

/// <summary>Hybrid, lexical (BM25) or dense search over the indexed chunks.</summary>
public static class SearchApi
{
    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/search").WithTags("Search").RequireScope(Scopes.Read);
        group.MapGet("/", Search)
            .WithSummary("Search the indexed chunks: BM25, dense, or both fused (a convex combination of normalised scores by default, or reciprocal-rank fusion).")
            .RequireRateLimiting(GatewayRateLimiting.SearchPolicy);
        group.MapPost("/", SearchInBody)
            .WithSummary("The same search with its parameters as a JSON body, for queries longer than a URL takes (Gateway:MaxBodyQueryLength).")
            .RequireRateLimiting(GatewayRateLimiting.SearchPolicy);
        return group;
    }

    public static Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> Search(
        [AsParameters] SearchParameters parameters,
        Caller caller,
        [AsParameters] SearchServices services,
        CancellationToken cancellationToken) =>
        SearchAsync(parameters, inBody: false, caller, services, cancellationToken);

    public static Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchInBody(
        [FromBody] SearchParameters parameters,
        Caller caller,
        [AsParameters] SearchServices services,
        CancellationToken cancellationToken) =>
        SearchAsync(parameters, inBody: true, caller, services, cancellationToken);

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        SearchParameters parameters,
        bool inBody,
        Caller caller,
        SearchServices services,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(services);
        var limits = services.Options.Value;
        var errors = new RequestErrors();
        if (parameters.Cursor is { } cursor)
        {
            var pageSize = RequestRules.PageSize(parameters.K, limits, errors);
            return errors.Any ? errors.ToProblem() : await NextPageAsync(cursor, pageSize, caller, limits, services, cancellationToken);
        }

        if (parameters.Validate(limits, errors, inBody) is not { } search)
        {
            return errors.ToProblem();
        }

        var started = Stopwatch.GetTimestamp();
        Highlight? Mark(string text) => search.Highlight ? services.Highlighter.Highlight(search.Query, text) : null;
        SearchResponse response;
        try
        {
            response = search.PerDocument is { } perDocument
                ? await GroupedAsync(search, perDocument, Mark, caller, services, cancellationToken)
                : await RankedAsync(search, Mark, caller, services, cancellationToken);
        }
        catch (CursorBudgetExceededException exception)
        {
            services.Http.Response.Headers.RetryAfter = Math.Ceiling(exception.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many grouped rankings kept", detail: $"{exception.Message} Retry after {exception.RetryAfter.TotalSeconds:0} s, or ask for a page large enough to need no cursor.");
        }

        var took = Stopwatch.GetElapsedTime(started);
        services.Metrics.Searched(search.ModeName, took);
        return TypedResults.Ok(response with { TookMs = took.TotalMilliseconds });
    }

    /// <summary>
    /// Ranked chunks, from the result cache when the same request of a caller who may read the same documents met the
    /// same index state before.
    /// </summary>
    private static async Task<SearchResponse> RankedAsync(ValidSearch search, Func<string, Highlight?> mark, Caller caller, SearchServices services, CancellationToken cancellationToken)
    {
        if (!search.FusionGiven && services.Experiments.Draw(caller, search.Fusion) is { } draw)
        {
            // Served by the running experiment: not from the cache, whose answers are no arm's, and recorded.
            var (served, arms) = await ExperimentSearch.RankedAsync(services.Searcher, draw, search, caller, cancellationToken);
            await services.ExperimentLog.RecordAsync(draw, ExperimentLog.SearchKind, search.Query, ExperimentSearch.Shown(served.Select((h, i) => (h.Chunk.DocumentId, arms[i]))));
            var shares = HitText.ShareOf(services.Options.Value, served.Count);
            return new SearchResponse(search.Query, search.ModeName, draw.Parameters.ToSettings(), [.. served.Select(h => ToHit(h, shares, mark))], 0);
        }

        var cache = services.Cache;
        // One snapshot answers, and its generation keys the cache: an answer is only ever reused for the same index
        // state, and only for callers of the same permissions (or one user's answer would be served to another).
        using var snapshot = services.Index.AcquireSnapshot();
        var key = SearchResultCache.KeyFor(snapshot.Generation, new { q = SearchResultCache.NormaliseQuery(search.Query), modeName = search.ModeName, count = search.Count, fusion = search.Fusion, filter = search.Filter, highlight = search.Highlight, access = caller.AccessKey });
        // A store that cannot name its generation (Elasticsearch) is not result-cached: no answer may outlive its index state.
        var cacheable = cache.Enabled && snapshot.Generation >= 0;
        if (cacheable && await cache.GetAsync(key) is { } cached)
        {
            return cached with { Cached = true };
        }

        var hits = await services.Searcher.SearchAsync(snapshot, search.Query, search.Mode, search.Count, search.Fusion, search.Filter, caller, cancellationToken);
        var share = HitText.ShareOf(services.Options.Value, hits.Count);
        var response = new SearchResponse(search.Query, search.ModeName, search.Fusion.ToSettings(), [.. hits.Select(h => ToHit(h, share, mark))], 0);
        if (cacheable)
        {
            await cache.SetAsync(key, response, GatewayRateLimiting.ClientOf(services.Http, GatewayRateLimiting.SearchPolicy));
        }

        return response;
    }

    /// <summary>The first page of documents with their best chunks; the whole ranking is kept for the cursor.</summary>
    private static async Task<SearchResponse> GroupedAsync(ValidSearch search, int perDocument, Func<string, Highlight?> mark, Caller caller, SearchServices services, CancellationToken cancellationToken)
    {
        var limits = services.Options.Value;
        IReadOnlyList<RankedDocument> ranked;
        IReadOnlyList<string>? arms = null;
        var draw = search.FusionGiven ? null : services.Experiments.Draw(caller, search.Fusion);
        if (draw is not null)
        {
            (ranked, arms) = await ExperimentSearch.DocumentsAsync(services.Searcher, draw, search, limits.MaxGroupedDocuments, perDocument, caller, cancellationToken);
        }
        else
        {
            ranked = await services.Searcher.SearchDocumentsAsync(search.Query, search.Mode, limits.MaxGroupedDocuments, perDocument, search.Fusion, search.Filter, caller, cancellationToken);
        }

        // Kept for later pages at most Gateway:MaxHitTextChars each; a page may cut them further (PageOf). Only the
        // chunks the page shows are highlighted.
        var documents = ranked
            .Select(d => new DocumentGroup(d.DocumentId, d.Title, d.Score, [.. d.Chunks.Select(c => ToHit(c, limits.MaxHitTextChars, mark))]))
            .ToList();
        string? next = null;
        if (documents.Count > search.Count)
        {
            try
            {
                var client = GatewayRateLimiting.ClientOf(services.Http, GatewayRateLimiting.SearchPolicy);
                var saved = await services.GroupedResults.SaveAsync(new StoredRanking(search.Query, search.ModeName, search.Fusion.ToSettings(), documents) { Owner = caller.AccessKey }, client, search.Count);
                next = saved is null ? null : new SearchCursor(saved, search.Count).Encode();
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Without Redis there is nowhere to keep the ranking for later pages: the first page is still answered.
                services.Logger.LogWarning(exception, "The grouped ranking could not be stored; answering the first page without a cursor");
            }
        }

        if (draw is not null)
        {
            // What the caller saw, the first page, once it is sure to see it (a cursor over its budget is a 429).
            await services.ExperimentLog.RecordAsync(draw, ExperimentLog.SearchKind, search.Query, ExperimentSearch.Shown(ranked.Take(search.Count).Select((d, i) => (d.DocumentId, arms![i]))));
        }

        return new SearchResponse(search.Query, search.ModeName, search.Fusion.ToSettings(), [], 0, PageOf(documents.Take(search.Count), limits), next);
    }

    /// <summary>
    /// A later page of a grouped search, from the ranking stored with the first page, for a caller who may read what
    /// the caller who made it could; to anyone else a cursor is as unknown as an expired one. A document changed since
    /// (deleted, given other readers, or rewritten) is left out, and the page filled from the ranking after it: the
    /// stored text is of a version the caller may no longer be allowed to read.
    /// </summary>
    private static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> NextPageAsync(string cursor, int count, Caller caller, GatewayOptions limits, SearchServices services, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (SearchCursor.Decode(cursor) is not { } position)
        {
            return RequestErrors.Of("cursor", "cursor is not one this gateway gave out.");
        }

        if (await services.GroupedResults.LoadAsync(position.ResultId) is not { } ranking || ranking.Owner != caller.AccessKey)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone,
                title: "The cursor expired",
                detail: $"A grouped search's ranking is kept for {limits.CursorLifetime.TotalMinutes:F0} minutes (Gateway:CursorLifetime); search again for a new first page.");
        }

        var (page, offset) = await UnchangedAsync(ranking.Documents, position.Offset, count, caller, services.Index, cancellationToken);
        var next = ranking.Documents.Count > offset ? position with { Offset = offset } : null;
        return TypedResults.Ok(new SearchResponse(
            ranking.Query,
            ranking.Mode,
            ranking.Fusion,
            [],
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            PageOf(page, limits),
            next?.Encode()));
    }

    /// <summary>
    /// Up to <paramref name="count"/> documents of the stored ranking from <paramref name="offset"/> on whose version
    /// the index still holds and the caller may still read, and the offset after the last one looked at.
    /// </summary>
    private static async Task<(List<DocumentGroup> Page, int Offset)> UnchangedAsync(IReadOnlyList<DocumentGroup> ranking, int offset, int count, Caller caller, IChunkIndexReader index, CancellationToken cancellationToken)
    {
        using var snapshot = index.AcquireSnapshot();
        var page = new List<DocumentGroup>(count);
        while (page.Count < count && offset < ranking.Count)
        {
            var candidates = ranking.Skip(offset).Take(count - page.Count).ToList();
            offset += candidates.Count;
            var indexed = await snapshot.IndexedVersionsAsync([.. candidates.Select(d => d.DocumentId)], cancellationToken);
            page.AddRange(candidates.Where(d =>
                indexed.TryGetValue(d.DocumentId, out var now) && !now.Deleted && caller.MayRead(now.Readers)
                && d.Hits.All(h => h.Version == now.Version)));
        }

        return (page, offset);
    }

    /// <summary>A page of documents whose hits share the answer's text budget (their marks cut with their text).</summary>
    private static List<DocumentGroup> PageOf(IEnumerable<DocumentGroup> documents, GatewayOptions limits)
    {
        var page = documents.ToList();
        var share = HitText.ShareOf(limits, page.Sum(d => d.Hits.Count));
        return [.. page.Select(d => d with { Hits = [.. d.Hits.Select(h => Within(h, share))] })];

        static SearchHit Within(SearchHit hit, int share)
        {
            var (text, truncated) = HitText.Cut(hit.Text, share);
            return truncated
                ? hit with { Text = text, TextTruncated = true, Matches = hit.Matches?.Where(m => m.End <= text.Length).ToList() }
                : hit;
        }
    }

    /// <summary>A hit with at most <paramref name="maxText"/> characters of its chunk's text, marked by <paramref name="mark"/>.</summary>
    private static SearchHit ToHit(FusedHit hit, int maxText, Func<string, Highlight?> mark)
    {
        var (text, truncated) = HitText.Cut(hit.Chunk.Text, maxText);
        var highlight = mark(text);
        return new(
            hit.Chunk.DocumentId,
            hit.Chunk.ChunkId,
            hit.Chunk.Version,
            hit.Chunk.Title,
            text,
            hit.Chunk.Ordinal,
            hit.Chunk.StartOffset,
            hit.Chunk.EndOffset,
            hit.Chunk.Page,
            hit.Score,
            hit.Lexical.ToWire(),
            hit.Dense.ToWire(),
            FoundBy(hit),
            highlight?.Snippet,
            highlight?.Matches.ToWire(),
            truncated,
            hit.Chunk.Context);
    }

    private static List<string> FoundBy(FusedHit hit) =>
        [.. new[] { hit.Lexical is null ? null : SearchModeText.Lexical, hit.Dense is null ? null : "dense" }.OfType<string>()];
}
