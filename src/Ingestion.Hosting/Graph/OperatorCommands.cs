using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.Hosting.Graph;

/// <summary>
/// Dashboard commands on the system for what an operator ran by hand: redrive the error queues, show (and follow)
/// the index state during a re-index (with the switch gate's hold and why), and switch to a held index, each writing
/// its answer to the resource's logs. Where the gateway has identities,
/// the AppHost gives itself a key of its own for them: a random one made at start, whose SHA-256 alone goes to the
/// gateway (the dashboard shows environment variables), with the scopes <c>read</c> and <c>admin</c>.
/// </summary>
internal static class OperatorCommands
{
    public const string Redrive = "redrive-errors";
    public const string IndexState = "index-state";
    public const string SwitchHeldIndex = "switch-held-index";
    private const string OperatorName = "aspire-operator";

    /// <summary>A list index beyond any an operator would configure: the AppHost's key is an entry of <c>Gateway:Keys</c> beside theirs.</summary>
    private const int OperatorKeySlot = 90;

    private static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FollowLimit = TimeSpan.FromHours(2);

    public static IResourceBuilder<IngestionResource> WithOperatorCommands(this IResourceBuilder<IngestionResource> ingestion, IConfiguration configuration)
    {
        var key = HasIdentities(configuration) ? AppHostKeys.Grant(ingestion.Resource.Gateway, OperatorKeySlot, OperatorName, "read", "admin") : null;
        ingestion.WithCommand(
            Redrive,
            "Redrive error queues",
            context => RedriveAsync(ingestion.Resource, key, context),
            new CommandOptions { Description = "Move messages that exhausted their retries back to their queues (POST /api/admin/redrive).", IconName = "ArrowRepeatAll", UpdateState = WhileRunning });
        ingestion.WithCommand(
            IndexState,
            "Index state",
            context => IndexStateAsync(ingestion.Resource, key, context),
            new CommandOptions { Description = "Write the index searches read, and a re-index under way, to the logs; a re-index is followed until it is done.", IconName = "DatabaseSearch", UpdateState = WhileRunning });
        ingestion.WithCommand(
            SwitchHeldIndex,
            "Switch to the held index",
            context => SwitchHeldIndexAsync(ingestion.Resource, key, context),
            new CommandOptions
            {
                Description = "Switch searches to the index a re-index built while the switch gate holds it (POST /api/index/switch). To abandon it instead, set Embeddings:Model back.",
                ConfirmationMessage = "The switch gate found the new model worse on its judgment set (see Index state). Switch searches to it anyway?",
                IconName = "ArrowSwap",
                UpdateState = WhileRunning,
            });
        return ingestion;
    }

    private static ResourceCommandState WhileRunning(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static Task<ExecuteCommandResult> RedriveAsync(IngestionResource ingestion, string? key, ExecuteCommandContext context) =>
        PostAsync(ingestion, key, context, "/api/admin/redrive", "Redrive", "Redrive: messages moved back per queue");

    private static Task<ExecuteCommandResult> SwitchHeldIndexAsync(IngestionResource ingestion, string? key, ExecuteCommandContext context) =>
        PostAsync(ingestion, key, context, "/api/index/switch", "Switch", "Approved the held switch");

    /// <summary>Posts to one of the gateway's admin endpoints and writes its answer, or its refusal, to the resource's log.</summary>
    private static async Task<ExecuteCommandResult> PostAsync(IngestionResource ingestion, string? key, ExecuteCommandContext context, string path, string what, string answered)
    {
        var logger = LoggerOf(ingestion, context);
        using var gateway = GatewayClient(ingestion, key);
        using var response = await gateway.PostAsync(new Uri(path, UriKind.Relative), null, context.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(context.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("{What} refused: {Status} {Body}", what, (int)response.StatusCode, body);
            return CommandResults.Failure($"The gateway answered {(int)response.StatusCode}: {body}");
        }

        logger.LogInformation("{Answered}: {Answer}", answered, body);
        return CommandResults.Success();
    }

    private static async Task<ExecuteCommandResult> IndexStateAsync(IngestionResource ingestion, string? key, ExecuteCommandContext context)
    {
        var logger = LoggerOf(ingestion, context);
        var gateway = GatewayClient(ingestion, key);
        var state = await StateAsync(gateway, context.CancellationToken);
        if (state is null)
        {
            gateway.Dispose();
            return CommandResults.Failure("The gateway did not answer GET /api/index.");
        }

        logger.LogInformation("Index: {State}", state.Value.GetRawText());
        if (!Building(state.Value))
        {
            gateway.Dispose();
            return CommandResults.Success();
        }

        // A re-index takes minutes to hours: it is followed in the logs, not in the command, which the dashboard waits on.
        _ = Task.Run(async () =>
        {
            using (gateway)
            {
                using var limit = new CancellationTokenSource(FollowLimit);
                try
                {
                    while (await StateAsync(gateway, limit.Token) is { } next && Building(next) && !Held(next))
                    {
                        logger.LogInformation("Re-index: {State}", next.GetRawText());
                        await Task.Delay(FollowInterval, limit.Token);
                    }

                    logger.LogInformation("Re-index done or held: {State}", (await StateAsync(gateway, limit.Token))?.GetRawText());
                }
                catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException)
                {
                    logger.LogWarning("Stopped following the re-index: {Reason}", exception.Message);
                }
            }
        });
        return CommandResults.Success();
    }

    private static async Task<JsonElement?> StateAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        using var response = await gateway.GetAsync(new Uri("/api/index", UriKind.Relative), cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken) : null;
    }

    /// <summary>Whether the switch gate holds the re-index: it waits for an operator, so there is nothing more to follow.</summary>
    private static bool Held(JsonElement state) => state.TryGetProperty("held", out var held) && held.ValueKind == JsonValueKind.Object;

    private static bool Building(JsonElement state) => state.TryGetProperty("building", out var building) && building.ValueKind == JsonValueKind.Object;

    private static HttpClient GatewayClient(IngestionResource ingestion, string? key)
    {
        var http = new HttpClient { BaseAddress = new Uri(ingestion.Gateway.Resource.GetEndpoint("http").Url), Timeout = TimeSpan.FromMinutes(5) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return http;
    }

    private static ILogger LoggerOf(IngestionResource ingestion, ExecuteCommandContext context) =>
        context.Services.GetRequiredService<ResourceLoggerService>().GetLogger(ingestion);

    /// <summary>Whether the gateway will require credentials: any key or token issuer configured (as the gateway decides it).</summary>
    internal static bool HasIdentities(IConfiguration configuration) =>
        configuration.GetSection("Gateway:Keys").GetChildren().Any()
        || !string.IsNullOrEmpty(configuration["Gateway:ApiKey"])
        || !string.IsNullOrEmpty(configuration["Gateway:AdminApiKey"])
        || !string.IsNullOrEmpty(configuration["Gateway:Tokens:Authority"])
        || !string.IsNullOrEmpty(configuration["Gateway:Tokens:SigningKey"]);
}
