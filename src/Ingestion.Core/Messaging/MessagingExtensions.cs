using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Core.Messaging;

/// <summary>MassTransit on RabbitMQ as every service of this system uses it: broker from the connection string, kebab-case endpoints.</summary>
public static class MessagingExtensions
{
    /// <summary>The bus, with the consumers' endpoints from their definitions, then <c>endpoints</c> of the caller's own.</summary>
    public static IHostApplicationBuilder AddIngestionMessaging(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<IBusRegistrationConfigurator>? consumers = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? endpoints = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var broker = RabbitMqAddress.Parse(builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings__{connectionName} is not set: it must be the RabbitMQ URI (amqp://user:password@host:port)."));
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            consumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.UserName);
                    host.Password(broker.Password);
                });
                rabbit.ConfigureEndpoints(context);
                endpoints?.Invoke(context, rabbit);
            });
        });
        return builder;
    }
}
