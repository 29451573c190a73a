using MassTransit;

namespace Ingestion.Core.Messaging;

/// <summary>How many times a message has been tried, counting in-process retries and broker redeliveries.</summary>
public static class Attempts
{
    public static int Of(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return 1 + context.GetRetryAttempt() + context.GetRedeliveryCount();
    }
}
