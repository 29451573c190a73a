using System.Text.Json;

namespace Ingestion.Gateway.Tests.Client;

/// <summary>Whether a typed read of a JSON answer kept all of it: every value the gateway wrote is in the re-serialised copy.</summary>
internal static class JsonCoverage
{
    public static void AssertCovers(JsonElement written, JsonElement read, string path = "$")
    {
        switch (written.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.True(read.ValueKind == JsonValueKind.Object, $"{path}: an object became {read.ValueKind}");
                foreach (var property in written.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    Assert.True(read.TryGetProperty(property.Name, out var copy), $"{path}.{property.Name} is not read by the client's type");
                    AssertCovers(property.Value, copy, $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(read.ValueKind == JsonValueKind.Array && read.GetArrayLength() == written.GetArrayLength(), $"{path}: the array is not read whole");
                for (var i = 0; i < written.GetArrayLength(); i++)
                {
                    AssertCovers(written[i], read[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.Number:
                Assert.True(read.ValueKind == JsonValueKind.Number && Math.Abs(written.GetDouble() - read.GetDouble()) <= 1e-6 * Math.Max(1, Math.Abs(written.GetDouble())), $"{path}: {written} became {read}");
                break;
            case JsonValueKind.String when DateTimeOffset.TryParse(written.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var time) && written.GetString()!.Contains('T', StringComparison.Ordinal):
                Assert.Equal(time, DateTimeOffset.Parse(read.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.String:
                Assert.True(read.ValueKind == JsonValueKind.String && written.GetString() == read.GetString(), $"{path}: {written.GetRawText()} became {read.GetRawText()}");
                break;
            default:
                Assert.True(written.GetRawText() == read.GetRawText(), $"{path}: {written.GetRawText()} became {read.GetRawText()}");
                break;
        }
    }
}
