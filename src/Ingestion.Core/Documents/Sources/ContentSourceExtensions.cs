using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Core.Documents.Sources;

public static class ContentSourceExtensions
{
    /// <summary>Content sent by reference: the policy of what may be read (section <c>Sources</c>) and the reader, with redirects off.</summary>
    public static IHostApplicationBuilder AddContentSources(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SourceOptions>()
            .BindConfiguration(SourceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SourcePolicy>();
        builder.Services.AddSingleton<ContentFetcher>();
        builder.Services.AddHttpClient(ContentFetcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return builder;
    }
}
