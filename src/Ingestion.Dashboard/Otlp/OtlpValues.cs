using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Ingestion.Dashboard.Otlp.Proto.Common;
using Ingestion.Dashboard.Telemetry;
using Tag = Ingestion.Dashboard.Telemetry.Tag;

namespace Ingestion.Dashboard.Otlp;

/// <summary>Reads OTLP's shared pieces: attribute values as text, ids as hex, times as UTC, the resource's service name.</summary>
internal static class OtlpValues
{
    public const string UnknownService = "unknown_service";

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {Text(kv.Value)}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => string.Empty,
    };

    public static IReadOnlyList<Tag> Attributes(RepeatedField<KeyValue> attributes) =>
        [.. attributes.Select(kv => new Tag(kv.Key, Text(kv.Value)))];

    /// <summary>Lower-case hex, as W3C trace context writes ids; null for an absent (empty or all-zero) id.</summary>
    public static string? Id(ByteString id) =>
        id.IsEmpty || id.Span.IndexOfAnyExcept((byte)0) < 0 ? null : Convert.ToHexStringLower(id.Span);

    public static DateTimeOffset Time(ulong unixNanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanoseconds / 100));

    public static (string Service, string? Instance) ServiceOf(Proto.Resource.Resource? resource)
    {
        string? service = null;
        string? instance = null;
        foreach (var attribute in resource?.Attributes ?? [])
        {
            switch (attribute.Key)
            {
                case "service.name":
                    service = Text(attribute.Value);
                    break;
                case "service.instance.id":
                    instance = Text(attribute.Value);
                    break;
            }
        }

        return (string.IsNullOrEmpty(service) ? UnknownService : service, instance);
    }
}
