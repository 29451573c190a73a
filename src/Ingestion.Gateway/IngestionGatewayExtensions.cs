using System.Text.Json.Serialization;
using Ingestion.Contracts;
using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Documents.Sources;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Messaging;
using Ingestion.Core.Status;
using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Experiments;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Judgments;
using Ingestion.Gateway.Mcp;
using Ingestion.Gateway.Model;
using Ingestion.Gateway.Search;
using Ingestion.Gateway.Security;
using Ingestion.Index;
using Ingestion.Index.Lucene.Lexical;
using Microsoft.AspNetCore.HttpOverrides;

namespace Ingestion.Gateway;

public static class IngestionGatewayExtensions
{
    /// <summary>The publisher on RabbitMQ, the status store, the embedded store's reader and the search pipeline.</summary>
    public static IHostApplicationBuilder AddIngestionGateway(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();

        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            // Kestrel refuses an oversized body before any handler runs; say which limit applies: a document's own, or
            // the one every other body has.
            if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && context.ProblemDetails.Detail is null)
            {
                var limits = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value;
                var own = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
                context.ProblemDetails.Detail = own is null
                    ? $"The request body is larger than the {limits.MaxRequestBytes} bytes a request may have (setting Gateway:MaxRequestBytes)."
                    : own == limits.MaxDocumentBytes
                    ? $"The request body is larger than the {limits.MaxDocumentBytes} bytes a document may have (setting Gateway:MaxDocumentBytes)."
                    : $"The request body is larger than the {own} bytes an imported judgment set may have (setting Gateway:Judgments:MaxImportBytes).";
            }
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<GatewayOptions>>((kestrel, gateway) => kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBytes);

        // Malformed bodies and parameters throw, so ProblemExceptionHandler can say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi();

        // Searches must be answered while Redis is down: an unreachable embedding cache is a miss here.
        builder.AddEmbeddings(CacheOutage.Miss).LoadEmbeddingModelAtStart().LoadQueryEncoderAtStart();
        builder.AddDocumentStatus(ResourceNames.Cache);
        builder.AddContentSources();
        builder.AddChunkIndexReader(ResourceNames.Search);

        builder.Services.AddSingleton(TextExtractorRegistry.Default);
        builder.Services.AddSingleton<IQueryEmbedder, IndexModelQueryEmbedder>();
        builder.Services.AddSingleton<HybridSearcher>();
        builder.Services.AddSingleton<QueryHighlighter>();
        builder.Services.AddSingleton<ITokenCounter>(_ => new TiktokenTokenCounter());
        builder.Services.AddSingleton<ContextAssembler>();
        builder.AddChatModel();
        builder.Services.AddSingleton(services => new GroundedAnswerer(services.GetService<Microsoft.Extensions.AI.IChatClient>()));
        builder.Services.AddSingleton<GroupedResultStore>();
        builder.Services.AddJudgments();
        builder.Services.AddExperiments();
        builder.Services.AddSingleton<SearchResultCache>();
        builder.Services.AddGatewayRateLimiting();
        builder.Services.AddGatewayIdentity();
        builder.AddGatewayMcp();
        builder.Services.AddHostedService<ExposureGuard>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<GatewayOptions>>((forwarded, gateway) =>
        {
            // Only the proxies named are believed; ASP.NET Core would otherwise trust loopback by default.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in gateway.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            forwarded.ForwardedHeaders = gateway.Value.KnownProxies.Count > 0 ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
        });
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<ErrorQueueRedrive>();

        builder.AddIngestionMessaging(ResourceNames.Messaging);
        return builder;
    }
}
