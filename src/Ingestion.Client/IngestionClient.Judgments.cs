using System.Net.Http.Json;
using Ingestion.Client.Model;

namespace Ingestion.Client;

/// <summary>Judgment sets, feedback and experiments: relevance measured on a team's own data.</summary>
public sealed partial class IngestionClient
{
    /// <summary>The judgment sets the gateway keeps (<c>admin</c>).</summary>
    public async Task<IReadOnlyList<JudgmentSetSummary>> ListJudgmentSetsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<List<JudgmentSetSummary>>("list judgment sets", () => new HttpRequestMessage(HttpMethod.Get, "/api/judgments"), cancellationToken))!;

    /// <summary>A judgment set whole, or null when there is none of that name (<c>admin</c>).</summary>
    public Task<JudgmentSet?> GetJudgmentSetAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<JudgmentSet>("get judgment set", () => new HttpRequestMessage(HttpMethod.Get, JudgmentsPath(name)), cancellationToken, notFoundIsNull: true);

    /// <summary>Creates or replaces an imported judgment set (<c>admin</c>).</summary>
    public Task<JudgmentSetSummary> PutJudgmentSetAsync(string name, JudgmentSetImport set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        return SendAsync<JudgmentSetSummary>("put judgment set", () => new HttpRequestMessage(HttpMethod.Put, JudgmentsPath(name)) { Content = JsonContent.Create(set, options: Json) }, cancellationToken)!;
    }

    /// <summary>Deletes a judgment set; what it held, or null when there was none (<c>admin</c>).</summary>
    public Task<JudgmentSetSummary?> DeleteJudgmentSetAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<JudgmentSetSummary>("delete judgment set", () => new HttpRequestMessage(HttpMethod.Delete, JudgmentsPath(name)), cancellationToken, notFoundIsNull: true);

    /// <summary>Judges a document a search or an ask showed; null when the gateway knows no such document the caller may read.</summary>
    public Task<FeedbackAccepted?> SendFeedbackAsync(Feedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        return SendAsync<FeedbackAccepted>("feedback", () => new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = JsonContent.Create(feedback, options: Json) }, cancellationToken, notFoundIsNull: true);
    }

    /// <summary>An A/B experiment's outcome so far, or null when the gateway knows no such experiment (<c>admin</c>).</summary>
    public Task<ExperimentReport?> GetExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return SendAsync<ExperimentReport>("get experiment", () => new HttpRequestMessage(HttpMethod.Get, "/api/experiments/" + Uri.EscapeDataString(name)), cancellationToken, notFoundIsNull: true);
    }

    private static string JudgmentsPath(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return "/api/judgments/" + Uri.EscapeDataString(name);
    }
}
