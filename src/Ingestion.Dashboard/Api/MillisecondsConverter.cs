using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Dashboard.Api;

/// <summary>Durations in the API are numbers of milliseconds, which scripts and charts use directly.</summary>
internal sealed class MillisecondsConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSpan.FromMilliseconds(reader.GetDouble());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(Math.Round(value.TotalMilliseconds, 3));
    }
}
