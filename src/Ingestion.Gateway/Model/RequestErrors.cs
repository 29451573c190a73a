using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestion.Gateway.Model;

/// <summary>
/// The problems with one request, each under the name the client sent the field or parameter by, the one way every
/// request model reports them; a ProblemDetails names them all (RFC 7807, with <c>errors</c>).
/// </summary>
public sealed class RequestErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public bool Has(string field) => _errors.ContainsKey(field);

    public void Add(string field, string message) => _errors[field] = [message];

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(_errors);

    /// <summary>A ProblemDetails of a single problem.</summary>
    public static ValidationProblem Of(string field, string message)
    {
        var errors = new RequestErrors();
        errors.Add(field, message);
        return errors.ToProblem();
    }
}
