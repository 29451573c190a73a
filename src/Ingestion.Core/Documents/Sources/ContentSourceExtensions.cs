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
            .Validate(
                sources => sources.AllowedHosts.All(entry => AllowedHost.Parse(entry) is not null),
                "Sources:AllowedHosts: every entry must be a host name or address, with an optional :port (IPv6 as [::1]:8080).")
            .ValidateOnStart();
        builder.Services.AddSingleton<SourcePolicy>();
        builder.Services.AddSingleton<ContentFetcher>();
        builder.Services.AddHttpClient(ContentFetcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return builder;
    }
}
