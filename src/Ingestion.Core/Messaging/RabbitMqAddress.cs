namespace Ingestion.Core.Messaging;

/// <summary>
/// The broker from its connection string, <c>amqp://user:password@host:port[/vhost]</c>, in both shapes Aspire gives:
/// <c>guest:guest</c> (our local server) and a generated, URI-encoded password (its RabbitMQ container).
/// </summary>
public sealed record RabbitMqAddress(string Host, ushort Port, string VirtualHost, string UserName, string Password)
{
    public static RabbitMqAddress Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || uri.Host.Length == 0)
        {
            // What is wrong with it, never the string itself: it holds the broker's password.
            var wrong = uri is null ? "it is not a URI" : uri.Scheme is not ("amqp" or "amqps") ? $"its scheme is '{uri.Scheme}'" : "it names no host";
            throw new InvalidOperationException($"The RabbitMQ connection string must be a URI such as amqp://user:password@host:5672; {wrong}.");
        }

        var user = uri.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new RabbitMqAddress(
            uri.Host,
            (ushort)(uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "amqps" ? 5671 : 5672) : uri.Port),
            virtualHost.Length == 0 ? "/" : virtualHost,
            user[0].Length == 0 ? "guest" : Uri.UnescapeDataString(user[0]),
            user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "guest");
    }
}
