using Ingestion.Cli.Evaluation;

namespace Ingestion.Cli.Tests;

public sealed class BeirDatasetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingest-beir-").FullName;

    [Fact]
    public void TheFixtureLoadsWithJudgedQueriesOnlyCountedInQrels()
    {
        var dataset = BeirDataset.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-beir"));
        Assert.Equal("tiny-beir", dataset.Name);
        Assert.Equal(12, dataset.Corpus.Count);
        Assert.Equal("Photosynthesis in plants", dataset.Corpus[0].Title);
        Assert.Equal(6, dataset.Queries.Count);
        Assert.Equal(5, dataset.Qrels.Count);
        Assert.Equal(1, dataset.Qrels["q3"]["d2"]);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        Write("corpus.jsonl", """{"_id":"d1","title":"t","text":"x"}""");
        Write("qrels.tsv", "q1\td1\t1");
        var error = Assert.Throws<CliException>(() => BeirDataset.Load(_folder));
        Assert.Contains("queries.jsonl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedLineIsReportedWithFileAndLineNumber()
    {
        Write("corpus.jsonl", "{\"_id\":\"d1\",\"text\":\"x\"}\n{not json\n");
        Write("queries.jsonl", """{"_id":"q1","text":"x"}""");
        Write("qrels.tsv", "q1\td1\t1");
        var error = Assert.Throws<CliException>(() => BeirDataset.Load(_folder));
        Assert.Contains("corpus.jsonl:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineWithoutAnIdAndAQrelsScoreThatIsNotANumberAreRefused()
    {
        Write("corpus.jsonl", """{"title":"t","text":"x"}""");
        Write("queries.jsonl", """{"_id":"q1","text":"x"}""");
        Write("qrels.tsv", "q1\td1\t1");
        Assert.Contains("\"_id\"", Assert.Throws<CliException>(() => BeirDataset.Load(_folder)).Message, StringComparison.Ordinal);

        Write("corpus.jsonl", """{"_id":"d1","text":"x"}""");
        Write("qrels.tsv", "query-id\tcorpus-id\tscore\nq1\td1\thigh");
        Assert.Contains("qrels.tsv:2", Assert.Throws<CliException>(() => BeirDataset.Load(_folder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JudgementsOfAQueryTheDatasetDoesNotHaveAreRefused()
    {
        Write("corpus.jsonl", """{"_id":"d1","text":"x"}""");
        Write("queries.jsonl", """{"_id":"q1","text":"x"}""");
        Write("qrels.tsv", "q1\td1\t1\nq9\td1\t1");
        Assert.Contains("'q9'", Assert.Throws<CliException>(() => BeirDataset.Load(_folder)).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_folder, name), text);
}
