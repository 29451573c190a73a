using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingestion.Gateway.Tests.Identity;

/// <summary>
/// No key or token is ever written down: every log line (at every level) and every span's name and tags, of requests
/// with right and wrong keys and tokens, is searched for the credentials sent.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class CredentialsNeverRecordedTests(LocalRedis redis)
{
    [Fact]
    public async Task NoCredentialAppearsInALogLineOrASpan()
    {
        var lines = new ConcurrentQueue<string>();
        var spans = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Enqueue($"{activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))} {string.Join(' ', activity.Events.Select(e => e.Name))}"),
        };
        ActivitySource.AddActivityListener(listener);
        using var gateway = new GatewayHost(redis, WhoMayDoWhatTests.KeysAndTokens());
        using var logged = gateway.WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new Capture(lines))));
        using var client = logged.CreateClient();
        var token = LocalIssuer.Mint("alice");
        var credentials = new[] { "wrong-key-never-to-be-logged-0123", WhoMayDoWhatTests.WriterKey, token, LocalIssuer.Tampered(token), LocalIssuer.Mint("bob", expires: DateTime.UtcNow.AddMinutes(-10)) };

        foreach (var credential in credentials)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=terns&mode=bm25");
            if (credential.Contains('.', StringComparison.Ordinal))
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credential);
            }
            else
            {
                request.Headers.Add("X-Api-Key", credential);
            }

            using var response = await client.SendAsync(request);
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        Assert.NotEmpty(lines);
        Assert.NotEmpty(spans);
        foreach (var secret in credentials.Select(c => c.Contains('.', StringComparison.Ordinal) ? c.Split('.')[2] : c))
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(spans, span => span.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>Every log line, with its category and exception.</summary>
    private sealed class Capture(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
        }
    }
}
