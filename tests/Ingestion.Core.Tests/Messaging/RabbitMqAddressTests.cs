using Ingestion.Core.Messaging;

namespace Ingestion.Core.Tests.Messaging;

/// <summary>Both connection-string shapes Aspire gives RabbitMQ: the local server's guest account and a container's generated, URI-encoded password.</summary>
public sealed class RabbitMqAddressTests
{
    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:41234", "127.0.0.1", 41234, "/", "guest", "guest")]
    [InlineData("amqp://guest:p%40ss%3Aw%2Fd@broker.internal:5672", "broker.internal", 5672, "/", "guest", "p@ss:w/d")]
    [InlineData("amqp://app:secret@broker/ingest", "broker", 5672, "ingest", "app", "secret")]
    public void TheBrokersAddressAndCredentialsComeFromTheUri(string connectionString, string host, int port, string virtualHost, string user, string password)
    {
        Assert.Equal(new RabbitMqAddress(host, (ushort)port, virtualHost, user, password), RabbitMqAddress.Parse(connectionString));
    }

    [Fact]
    public void AConnectionStringThatIsNoAmqpUriIsRefusedWithTheShapeItTakes()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => RabbitMqAddress.Parse("Host=broker;Port=5672"));

        Assert.Contains("amqp://user:password@host:5672", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=broker;Username=app;Password=s3cret")]
    [InlineData("rabbitmq://app:s3cret@broker")]
    [InlineData("amqp:/app:s3cret@broker")]
    public void ARefusedConnectionStringIsNotEchoedWithItsPassword(string connectionString)
    {
        // The message ends up on the console, in the dashboard's logs and a container's.
        var refused = Assert.Throws<InvalidOperationException>(() => RabbitMqAddress.Parse(connectionString));

        Assert.DoesNotContain("s3cret", refused.Message, StringComparison.Ordinal);
    }
}
