using Ingestion.Core.Embeddings;

namespace Ingestion.Core.Tests.Embeddings;

/// <summary>An OpenAI-compatible endpoint's connection string: its parts, and a refusal that names what is wrong without its secrets.</summary>
public sealed class OpenAiConnectionTests
{
    [Fact]
    public void TheEndpointKeyAndModelComeFromTheConnectionString()
    {
        var connection = OpenAiConnection.Parse("Endpoint=https://llm.internal/v1;Key=sk-1;Model=small", "chat");

        Assert.Equal((new Uri("https://llm.internal/v1"), "sk-1", "small"), (connection.Endpoint, connection.Key, connection.Model));
    }

    [Theory]
    [InlineData("Endpoint=ftp://user:s3cret@llm.internal/v1?api-key=s3cret;Model=small")]
    [InlineData("Endpoint=s3cret-not-a-url;Model=small")]
    public void ARefusedEndpointIsShownWithoutItsCredentials(string connectionString)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => OpenAiConnection.Parse(connectionString, "chat"));

        Assert.Contains("ConnectionStrings:chat", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", refused.Message, StringComparison.Ordinal);
    }
}
