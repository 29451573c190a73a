using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Dashboard.Api;
using Ingestion.Dashboard.Auth;
using Ingestion.Dashboard.Otlp;
using Ingestion.Dashboard.Telemetry;
using Ingestion.Hosting;
using Ingestion.Hosting.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Ingestion.Dashboard;

/// <summary>
/// The dashboard as the AppHost runs it: the UI and its JSON API on one address, the OTLP receiver
/// (gRPC and HTTP/protobuf) on two more. It starts before any resource, so that every service is
/// given the OTLP endpoint and nothing it reports is missed, and it stops after all of them.
/// </summary>
public sealed class DashboardServer : IDistributedApplicationLifecycleHook
{
    private readonly DashboardOptions _options;
    private WebApplication? _ui;
    private WebApplication? _otlp;

    public DashboardServer(DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Gate = new TokenGate(options.Token is { Length: > 0 } token ? token : TokenGate.NewToken());
        Store = new TelemetryStore(options.Telemetry);
    }

    public TelemetryStore Store { get; }

    public TokenGate Gate { get; }

    /// <summary>The UI's address once started.</summary>
    public Uri Url { get; private set; } = null!;

    public Uri OtlpGrpcEndpoint { get; private set; } = null!;

    public Uri OtlpHttpEndpoint { get; private set; } = null!;

    /// <summary>The URL to open: it logs the browser in with the token.</summary>
    public Uri LoginUrl => new(Url, $"/login?t={Uri.EscapeDataString(Gate.Token)}");

    public async Task BeforeStartAsync(DistributedApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        var ui = Endpoint(nameof(DashboardOptions.Url), _options.Url);
        var grpc = Endpoint(nameof(DashboardOptions.OtlpGrpcUrl), _options.OtlpGrpcUrl);
        var http = Endpoint(nameof(DashboardOptions.OtlpHttpUrl), _options.OtlpHttpUrl);

        var (otlp, otlpPorts) = BuildOtlpReceiver(grpc, http);
        _otlp = otlp;
        await StartAsync(otlp, "the OTLP receiver", $"{grpc.Setting}, {http.Setting}", cancellationToken);
        OtlpGrpcEndpoint = grpc.UriFor(otlpPorts[0].IPEndPoint!.Port);
        OtlpHttpEndpoint = http.UriFor(otlpPorts[1].IPEndPoint!.Port);

        var (web, uiPort) = BuildUi(ui, application);
        _ui = web;
        await StartAsync(web, "the dashboard", ui.Setting, cancellationToken);
        Url = ui.UriFor(uiPort.IPEndPoint!.Port);

        application.Context.OtlpEndpoint = OtlpGrpcEndpoint;
        Console.WriteLine($"Dashboard: {Url} (log in at {LoginUrl})");
        Console.WriteLine($"OTLP receiver: {OtlpGrpcEndpoint} (gRPC), {OtlpHttpEndpoint} (HTTP/protobuf)");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var web in new[] { _ui, _otlp })
        {
            if (web is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await web.StopAsync(timeout.Token);
                await web.DisposeAsync();
            }
        }
    }

    private static async Task StartAsync(WebApplication web, string what, string where, CancellationToken cancellationToken)
    {
        try
        {
            await web.StartAsync(cancellationToken);
        }
        catch (IOException exception)
        {
            throw new HostingException($"Could not start {what} on {where}: {exception.Message} Another AppHost may be running; set Dashboard:Url, Dashboard:OtlpGrpcUrl and Dashboard:OtlpHttpUrl to other ports (port 0 takes a free one).", exception);
        }
    }

    private DashboardEndpoint Endpoint(string name, string setting)
    {
        DashboardEndpoint endpoint;
        try
        {
            endpoint = DashboardEndpoint.Parse(name, setting);
        }
        catch (InvalidOperationException exception)
        {
            throw new HostingException(exception.Message, exception);
        }

        if (!endpoint.IsLoopback && !_options.AllowRemoteAccess)
        {
            throw new HostingException($"Dashboard:{name} is '{setting}', which is not a loopback address. The dashboard shows every log line and can stop services: set Dashboard:AllowRemoteAccess=true to listen there.");
        }

        return endpoint;
    }

    private (WebApplication Web, ListenOptions[] Ports) BuildOtlpReceiver(DashboardEndpoint grpc, DashboardEndpoint http)
    {
        var builder = NewBuilder();
        var ports = new ListenOptions[2];
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 32 * 1024 * 1024;

            // gRPC without TLS is HTTP/2 with prior knowledge, which cannot share a port with HTTP/1.1.
            kestrel.Listen(grpc.Address, grpc.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                ports[0] = listen;
            });
            kestrel.Listen(http.Address, http.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                ports[1] = listen;
            });
        });
        builder.Services.AddGrpc(grpcOptions => grpcOptions.MaxReceiveMessageSize = 32 * 1024 * 1024);
        builder.Services.AddSingleton(Store);
        builder.Services.AddSingleton<OtlpIngest>();

        var web = builder.Build();
        web.MapGrpcService<OtlpTraceGrpcService>();
        web.MapGrpcService<OtlpMetricsGrpcService>();
        web.MapGrpcService<OtlpLogsGrpcService>();
        web.MapOtlpHttp();
        return (web, ports);
    }

    private (WebApplication Web, ListenOptions Port) BuildUi(DashboardEndpoint ui, DistributedApplication application)
    {
        var builder = NewBuilder();
        ListenOptions? port = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ui.Address, ui.Port, listen => port = listen));
        builder.Services.AddSingleton(application);
        builder.Services.AddSingleton(Store);
        builder.Services.AddSingleton(Gate);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.Converters.Add(new MillisecondsConverter());
        });

        var web = builder.Build();
        web.UseMiddleware<TokenGateMiddleware>();
        web.MapLogin();
        web.MapEmbeddedAssets();
        web.MapResourcesApi();
        web.MapTelemetryApi();
        web.MapLiveUpdates();
        return (web, port ?? throw new InvalidOperationException("Kestrel did not configure the dashboard's endpoint."));
    }

    private static WebApplicationBuilder NewBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // The AppHost's console belongs to the resources' output; the dashboard only speaks up when something is wrong.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }
}
