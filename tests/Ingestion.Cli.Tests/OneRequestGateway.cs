using System.Net;
using System.Text;

namespace Ingestion.Cli.Tests;

/// <summary>A stand-in gateway on a free loopback port that answers one request with a given status and JSON body, and keeps what was sent.</summary>
internal sealed class OneRequestGateway : IDisposable
{
    private readonly HttpListener _server = new();
    private readonly Task _serving;

    public OneRequestGateway(int status, string contentType, string body)
    {
        var port = FreePorts.One();
        Url = $"http://127.0.0.1:{port}";
        _server.Prefixes.Add(Url + "/");
        _server.Start();
        _serving = Task.Run(async () =>
        {
            var context = await _server.GetContextAsync();
            Headers = context.Request.Headers;
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                Body = await reader.ReadToEndAsync();
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
        });
    }

    public string Url { get; }

    public System.Collections.Specialized.NameValueCollection? Headers { get; private set; }

    public string? Body { get; private set; }

    /// <summary>Waits until the request was answered.</summary>
    public Task AnsweredAsync() => _serving;

    public void Dispose() => ((IDisposable)_server).Dispose();
}
