using Ingestion.Core.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Core.Status;

public static class DocumentStatusExtensions
{
    /// <summary>Redis from <c>ConnectionStrings__{name}</c> and the document status kept in it.</summary>
    public static IHostApplicationBuilder AddDocumentStatus(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRedis(connectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IDocumentStatusStore, RedisDocumentStatusStore>();
        return builder;
    }
}
