using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Ingestion.Gateway.Mcp;

/// <summary>
/// Arguments the SDK cannot bind (a word where a number goes) fail before the tool runs, and the SDK would answer only
/// "An error occurred": this names each argument whose JSON is not of the type the tool's input schema gives, as a
/// tool error an agent can correct itself from.
/// </summary>
internal static class ArgumentErrors
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Explain(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            try
            {
                return await next(context, cancellationToken);
            }
            catch (Exception e) when (e is JsonException or ArgumentException or FormatException)
            {
                var wrong = WrongArguments(context);
                return new CallToolResult
                {
                    IsError = true,
                    Content = [new TextContentBlock { Text = $"The arguments of '{context.Params?.Name}' are not valid: {(wrong.Count > 0 ? string.Join("; ", wrong) : e.Message)}." }],
                };
            }
        };

    private static List<string> WrongArguments(RequestContext<CallToolRequestParams> context)
    {
        var wrong = new List<string>();
        if (context.Params is not { Arguments: { } arguments } call
            || context.Server.ServerOptions.ToolCollection is not { } tools
            || !tools.TryGetPrimitive(call.Name, out var tool)
            || !tool.ProtocolTool.InputSchema.TryGetProperty("properties", out var properties))
        {
            return wrong;
        }

        foreach (var (name, value) in arguments)
        {
            if (!properties.TryGetProperty(name, out var schema) || !schema.TryGetProperty("type", out var type))
            {
                continue;
            }

            string[] types = type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString() ?? string.Empty)] : [type.GetString() ?? string.Empty];
            if (!types.Any(t => Is(t, value)))
            {
                wrong.Add($"'{name}' must be {string.Join(" or ", types.Where(t => t != "null"))}, not {value.ValueKind.ToString().ToLowerInvariant()} {Shortened(value)}");
            }
        }

        return wrong;
    }

    private static bool Is(string type, JsonElement value) => type switch
    {
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    /// <summary>Enough of the value to recognise it; an argument may be long, and the error goes back into a prompt.</summary>
    private static string Shortened(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 40 ? raw : $"{raw[..40]}...";
    }
}
