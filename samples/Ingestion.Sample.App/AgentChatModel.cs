using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Ingestion.Sample.App;

/// <summary>The agent's chat model: an OpenAI-compatible endpoint from <c>ConnectionStrings__chat</c> (<c>Endpoint=…;Key=…;Model=…</c>), if any.</summary>
internal static class AgentChatModel
{
    public static IHostApplicationBuilder AddAgentChatModel(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString("chat") is not { Length: > 0 } connectionString)
        {
            return builder;
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty, StringComparer.OrdinalIgnoreCase);
        var endpoint = new Uri(parts["Endpoint"]);
        var model = parts.GetValueOrDefault("Model") ?? throw new InvalidOperationException("ConnectionStrings__chat needs Model=….");
        var client = new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(parts.GetValueOrDefault("Key") ?? "none"), new OpenAIClientOptions { Endpoint = endpoint });
        builder.Services.AddChatClient(client.AsIChatClient()).UseFunctionInvocation();
        return builder;
    }
}
