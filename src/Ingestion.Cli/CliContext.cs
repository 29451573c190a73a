using System.CommandLine;
using Ingestion.Cli.Gateway;
using Spectre.Console;

namespace Ingestion.Cli;

/// <summary>What every command shares: where output goes, and how to reach the gateway.</summary>
internal sealed class CliContext(IAnsiConsole console, TextWriter error)
{
    public const string GatewayVariable = "INGEST_GATEWAY";

    /// <summary>An API key of the gateway (<c>Gateway:Keys</c>), sent with every request; an environment variable, so no key shows in a process list.</summary>
    public const string ApiKeyVariable = "INGEST_API_KEY";

    /// <summary>A bearer token of the gateway's issuer (<c>Gateway:Tokens</c>), sent with every request, as the key is.</summary>
    public const string TokenVariable = "INGEST_TOKEN";
    private const string DefaultGateway = "http://localhost:5080";

    /// <summary>The gateway's base URL, for every command: option, else <c>INGEST_GATEWAY</c>, else the AppHost's default port.</summary>
    public static Option<string> GatewayOption { get; } = new("--gateway", "-g")
    {
        Description = $"The gateway's URL (default: ${GatewayVariable}, else {DefaultGateway}).",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(GatewayVariable) is { Length: > 0 } url ? url : DefaultGateway,
    };

    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    /// <summary>False where standard output must hold nothing but the result (such as <c>eval --json</c>).</summary>
    public bool ShowProgress { get; set; } = true;

    public static GatewayClient Gateway(ParseResult parsed, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var value = parsed.GetValue(GatewayOption)!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"The gateway URL '{value}' is not an http(s) URL.");
        }

        return GatewayClient.For(
            url,
            timeout ?? TimeSpan.FromSeconds(100),
            Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key ? key : null,
            Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token ? token : null);
    }
}
