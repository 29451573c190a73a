using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestion.Dashboard.Api;

/// <summary>The dashboard API's RFC 7807 problems.</summary>
internal static class Problems
{
    public static ProblemHttpResult UnknownResource(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown resource", detail: $"There is no resource named '{name}'.");

    public static ProblemHttpResult UnknownTrace(string traceId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown trace", detail: $"No span of trace '{traceId}' is held (it may have been dropped to stay within the limits).");

    public static ProblemHttpResult UnknownInstrument(string resource, string instrument) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown instrument", detail: $"{resource} has reported no instrument named '{instrument}'.");

    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}
