using Ingestion.Client.Model;
using Microsoft.Extensions.AI;

namespace Ingestion.Gateway.Ask;

/// <summary>Asks the configured chat model (if any) to answer from an assembled context, and reads its citations.</summary>
public sealed class GroundedAnswerer(IChatClient? chat)
{
    public bool Configured => chat is not null;

    public async Task<GroundedAnswer> AnswerAsync(AssembledContext context, int maxOutputTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (chat is null)
        {
            return GroundedAnswer.NotConfigured;
        }

        // Temperature 0: the same context should give the same answer, which keeps answers comparable and cacheable.
        var response = await chat.GetResponseAsync(context.Messages, new ChatOptions { MaxOutputTokens = maxOutputTokens, Temperature = 0 }, cancellationToken);
        var text = response.Text;
        return new GroundedAnswer(
            AnswerStatus.Answered,
            text,
            response.ModelId,
            CitationMarkers.Used(text, context.Passages.Count),
            response.Usage?.InputTokenCount,
            response.Usage?.OutputTokenCount);
    }
}
