using Ingestion.Client.Model;

namespace Ingestion.Gateway.Ask;

/// <summary>What a chat model made of an assembled context, or why no model was asked.</summary>
/// <param name="Status">Whether a model answered.</param>
/// <param name="Text">The model's answer.</param>
/// <param name="Model">The model that answered, as its endpoint names it.</param>
/// <param name="CitationsUsed">Numbers of the passages the answer cites, in order of first citation.</param>
/// <param name="InputTokens">Prompt tokens the endpoint counted.</param>
/// <param name="OutputTokens">Answer tokens the endpoint counted.</param>
public sealed record GroundedAnswer(
    AnswerStatus Status,
    string? Text,
    string? Model,
    IReadOnlyList<int> CitationsUsed,
    long? InputTokens,
    long? OutputTokens)
{
    public static readonly GroundedAnswer NotConfigured = new(AnswerStatus.NotConfigured, null, null, [], null, null);

    public static readonly GroundedAnswer NotRequested = new(AnswerStatus.NotRequested, null, null, [], null, null);
}
