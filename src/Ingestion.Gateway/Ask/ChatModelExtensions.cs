using System.ClientModel;
using System.ClientModel.Primitives;
using Ingestion.Contracts;
using Ingestion.Core.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Ingestion.Gateway.Ask;

public static class ChatModelExtensions
{
    /// <summary>The activity source and meter of chat calls; under <c>Ingestion*</c>, so ServiceDefaults exports them.</summary>
    public const string TelemetrySource = "Ingestion.Gateway.Chat";

    /// <summary>
    /// Registers an <see cref="IChatClient"/> for the OpenAI-compatible endpoint in <c>ConnectionStrings__chat</c>,
    /// traced with the GenAI semantic conventions; without that connection string nothing is registered and asks
    /// return their context only. A malformed connection string stops the gateway at start.
    /// </summary>
    public static IHostApplicationBuilder AddChatModel(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration.GetConnectionString(ResourceNames.Chat) is not { Length: > 0 } connectionString)
        {
            return builder;
        }

        var connection = OpenAiConnection.Parse(connectionString, ResourceNames.Chat);
        builder.Services.AddSingleton(connection);
        builder.Services.AddChatClient(services =>
            {
                var ask = services.GetRequiredService<IOptions<GatewayOptions>>().Value.Ask;
                var options = new OpenAIClientOptions
                {
                    Endpoint = connection.Endpoint,
                    NetworkTimeout = ask.ChatTimeout,
                    RetryPolicy = new ClientRetryPolicy(ask.ChatRetries),
                };
                // Endpoints without keys still get a bearer header; OpenAI's client requires a credential.
                return new OpenAI.Chat.ChatClient(connection.Model, new ApiKeyCredential(connection.Key ?? "none"), options).AsIChatClient();
            })
            .UseOpenTelemetry(sourceName: TelemetrySource)
            .UseLogging();
        return builder;
    }
}
