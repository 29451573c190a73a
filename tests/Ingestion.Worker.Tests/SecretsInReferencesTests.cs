using System.Collections.Concurrent;
using System.Diagnostics;
using Ingestion.Contracts;
using Ingestion.Core.Status;
using Ingestion.Core.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Worker.Tests;

/// <summary>
/// A reference's credentials (<c>user:pass@</c>, a presigned query) reach neither the fetch span nor the failure
/// reason the status endpoint returns (#23).
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class SecretsInReferencesTests(LocalRedis redis)
{
    [Fact]
    public async Task AReferencesCredentialsAreInNoSpanAndNoStatus()
    {
        await using var source = await LocalHttpServer.StartAsync(app => app.MapGet("/reports/q3.txt", () => Results.StatusCode(StatusCodes.Status403Forbidden)));
        var port = source.Address.Port;
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == IngestionTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var worker = await HarnessHost.StartAsync(redis, b => b.AddIngestionWorker(), new Dictionary<string, string?> { ["Sources:AllowedHosts:0"] = $"127.0.0.1:{port}" });
        var id = $"secret-{Guid.NewGuid():N}";
        const string Password = "pa55-word-never-shown";
        const string Token = "presigned-token-never-shown";

        await worker.Harness.Bus.Publish(new DocumentUpserted
        {
            DocumentId = id,
            Version = 1,
            Title = id,
            ContentType = "text/plain",
            Content = string.Empty,
            ContentUri = $"http://reader:{Password}@127.0.0.1:{port}/reports/q3.txt?X-Amz-Signature={Token}",
            Tags = [],
            OccurredAt = DateTimeOffset.UtcNow,
        });

        var status = worker.Services.GetRequiredService<IDocumentStatusStore>();
        await Eventually.TrueAsync(async () => await status.GetAsync(id, default) is { State: DocumentState.Failed }, $"{id} to be failed");
        var failed = (await status.GetAsync(id, default))!;
        Assert.Contains("/reports/q3.txt", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, failed.Error, StringComparison.Ordinal);

        var fetch = spans.Where(s => s.DisplayName == "fetch").Select(s => s.GetTagItem("document.content_uri") as string).Single(uri => uri?.Contains("/reports/q3.txt", StringComparison.Ordinal) == true)!;
        Assert.DoesNotContain(Password, fetch, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, fetch, StringComparison.Ordinal);
        Assert.All(spans.SelectMany(s => s.TagObjects), tag => Assert.DoesNotContain(Token, tag.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));
    }
}
