using System.Diagnostics;
using Ingestion.Core.Indexing;
using Ingestion.Core.Retrieval;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>Hybrid, BM25 or dense search over the indexed chunks.</summary>
public static class SearchApi
{
    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/search").WithTags("Search");
        group.MapGet("/", Search)
            .WithSummary("Search the indexed chunks; hybrid mode fuses BM25 and dense ranks with weighted RRF.")
            .RequireRateLimiting(Infrastructure.GatewayRateLimiting.SearchPolicy);
        return group;
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> Search(
        string? q,
        int? k,
        string? mode,
        int? rrfK,
        int? window,
        double? bm25Weight,
        double? denseWeight,
        [FromQuery] string[]? tags,
        [FromQuery] string[]? allTags,
        [FromQuery] string[]? contentType,
        string? idPrefix,
        string? updatedAfter,
        bool? highlight,
        string? group,
        int? perDocument,
        string? cursor,
        HybridSearcher searcher,
        QueryHighlighter highlighter,
        IOptions<GatewayOptions> options,
        GatewayMetrics metrics,
        GroupedResultStore groupedResults,
        SearchResultCache cache,
        IChunkSearcher index,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(groupedResults);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(index);
        var limits = options.Value;
        var defaults = limits.Fusion;
        if (cursor is not null)
        {
            return await NextPageAsync(cursor, k ?? limits.DefaultK, limits, groupedResults);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["q is required."];
        }
        else if (q.Length > limits.MaxQueryLength)
        {
            errors["q"] = [$"q must be at most {limits.MaxQueryLength} characters."];
        }

        var count = k ?? limits.DefaultK;
        if (count < 1 || count > limits.MaxK)
        {
            errors["k"] = [$"k must be between 1 and {limits.MaxK}."];
        }

        SearchMode searchMode = SearchMode.Hybrid;
        if (mode is not null && !TryParseMode(mode, out searchMode))
        {
            errors["mode"] = [$"mode '{mode}' is unknown; use hybrid, bm25 or dense."];
        }

        var fusion = new FusionParameters(rrfK ?? defaults.RrfK, window ?? defaults.Window, bm25Weight ?? defaults.Bm25Weight, denseWeight ?? defaults.DenseWeight);
        if (fusion.RrfK is < 1 or > 1000)
        {
            errors["rrfK"] = ["rrfK must be between 1 and 1000."];
        }

        if (fusion.Window is < 1 or > 1000)
        {
            errors["window"] = ["window must be between 1 and 1000."];
        }

        if (fusion.LexicalWeight is < 0 or > 100 || double.IsNaN(fusion.LexicalWeight) || fusion.DenseWeight is < 0 or > 100 || double.IsNaN(fusion.DenseWeight))
        {
            errors["weights"] = ["bm25Weight and denseWeight must be between 0 and 100."];
        }

        var filter = SearchFilters.Parse(tags, allTags, contentType, idPrefix, updatedAfter, errors);
        var chunksPerDocument = perDocument ?? 3;
        if (group is not (null or "document"))
        {
            errors["group"] = [$"group '{group}' is unknown; the one grouping is 'document'."];
        }
        else if (chunksPerDocument < 1 || chunksPerDocument > limits.MaxPerDocument)
        {
            errors["perDocument"] = [$"perDocument must be between 1 and {limits.MaxPerDocument}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var started = Stopwatch.GetTimestamp();
        var modeName = searchMode.ToString().ToLowerInvariant();
        Highlight? Mark(FusedHit hit) => highlight == false ? null : highlighter.Highlight(q!, hit.Chunk.Text);
        if (group is "document")
        {
            // Enough chunks to fill every document the ranking may hold; the whole ranking is kept for the cursor.
            var budget = Math.Min(limits.MaxK, limits.MaxGroupedDocuments * chunksPerDocument);
            var chunks = await searcher.SearchAsync(q!, searchMode, budget, fusion, filter, cancellationToken);
            var documents = DocumentGroups.Of(chunks.Select(h => ToHit(h, Mark(h))), chunksPerDocument, limits.MaxGroupedDocuments);
            var next = documents.Count > count
                ? new SearchCursor(await groupedResults.SaveAsync(new StoredRanking(q!, modeName, FusionSettings.Of(fusion), documents)), count).Encode()
                : null;
            var groupedTook = Stopwatch.GetElapsedTime(started);
            metrics.Searched(modeName, groupedTook);
            return TypedResults.Ok(new SearchResponse(q!, modeName, FusionSettings.Of(fusion), [], groupedTook.TotalMilliseconds, [.. documents.Take(count)], next));
        }

        // One snapshot answers, and its generation keys the cache: an answer is only ever reused for the same index state.
        using var snapshot = index.AcquireSnapshot();
        var key = SearchResultCache.KeyFor(snapshot.Generation, new { q = SearchResultCache.NormaliseQuery(q!), modeName, count, fusion, filter, highlight = highlight != false });
        // A store that cannot name its generation (Elasticsearch) is not result-cached: no answer may outlive its index state.
        var cacheable = cache.Enabled && snapshot.Generation >= 0;
        if (cacheable && await cache.GetAsync(key) is { } cached)
        {
            var cachedTook = Stopwatch.GetElapsedTime(started);
            metrics.Searched(modeName, cachedTook);
            return TypedResults.Ok(cached with { TookMs = cachedTook.TotalMilliseconds, Cached = true });
        }

        var hits = await searcher.SearchAsync(snapshot, q!, searchMode, count, fusion, filter, cancellationToken);
        var took = Stopwatch.GetElapsedTime(started);
        metrics.Searched(modeName, took);
        var response = new SearchResponse(q!, modeName, FusionSettings.Of(fusion), [.. hits.Select(h => ToHit(h, Mark(h)))], took.TotalMilliseconds);
        if (cacheable)
        {
            await cache.SetAsync(key, response);
        }

        return TypedResults.Ok(response);
    }

    /// <summary>A later page of a grouped search, from the ranking stored with the first page.</summary>
    private static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> NextPageAsync(string cursor, int count, GatewayOptions limits, GroupedResultStore groupedResults)
    {
        var started = Stopwatch.GetTimestamp();
        if (SearchCursor.Decode(cursor) is not { } position)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["cursor is not one this gateway gave out."] });
        }

        if (count < 1 || count > limits.MaxK)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["k"] = [$"k must be between 1 and {limits.MaxK}."] });
        }

        if (await groupedResults.LoadAsync(position.ResultId) is not { } ranking)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone,
                title: "The cursor expired",
                detail: $"A grouped search's ranking is kept for {limits.CursorLifetime.TotalMinutes:F0} minutes (Gateway:CursorLifetime); search again for a new first page.");
        }

        var next = ranking.Documents.Count > position.Offset + count ? position with { Offset = position.Offset + count } : null;
        return TypedResults.Ok(new SearchResponse(
            ranking.Query,
            ranking.Mode,
            ranking.Fusion,
            [],
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            [.. ranking.Documents.Skip(position.Offset).Take(count)],
            next?.Encode()));
    }

    private static SearchHit ToHit(FusedHit hit, Highlight? highlight) => new(
        hit.Chunk.DocumentId,
        hit.Chunk.ChunkId,
        hit.Chunk.Version,
        hit.Chunk.Title,
        hit.Chunk.Text,
        hit.Chunk.Ordinal,
        hit.Chunk.StartOffset,
        hit.Chunk.EndOffset,
        hit.Chunk.Page,
        hit.Score,
        hit.Lexical,
        hit.Dense,
        FoundBy(hit),
        highlight?.Snippet,
        highlight?.Matches);

    private static List<string> FoundBy(FusedHit hit) =>
        [.. new[] { hit.Lexical is null ? null : "bm25", hit.Dense is null ? null : "dense" }.OfType<string>()];

    internal static bool TryParseMode(string value, out SearchMode mode) =>
        Enum.TryParse(value, ignoreCase: true, out mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _);
}
