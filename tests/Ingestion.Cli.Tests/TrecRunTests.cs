using Ingestion.Cli.Evaluation;

namespace Ingestion.Cli.Tests;

/// <summary>A TREC run file separates its columns by white space: an id holding some is refused by name, never written as other columns (#23).</summary>
public sealed class TrecRunTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"trec-{Guid.NewGuid():N}.run");

    public void Dispose() => File.Delete(_path);

    [Theory]
    [InlineData("doc with spaces")]
    [InlineData("tab\tdoc")]
    public async Task AnIdWithWhiteSpaceIsRefusedByName(string id)
    {
        var run = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["q1"] = new Dictionary<string, double> { ["fine"] = 2, [id] = 1 } };

        var refused = await Assert.ThrowsAsync<CliException>(() => TrecRun.WriteAsync(_path, run, "tag", default));

        Assert.Contains($"'{id}'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdsWithoutWhiteSpaceAreWrittenOneLineEachInRankOrder()
    {
        var run = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["q1"] = new Dictionary<string, double> { ["b/2"] = 1, ["a-1"] = 2 } };

        await TrecRun.WriteAsync(_path, run, "tag", default);

        Assert.Equal(["q1 Q0 a-1 1 2 tag", "q1 Q0 b/2 2 1 tag"], await File.ReadAllLinesAsync(_path));
    }
}
