using Ingestion.Cli.Documents;

namespace Ingestion.Cli.Tests;

public sealed class LocalFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingest-files-").FullName;

    [Fact]
    public void IdsArePathsRelativeToTheFolderAndHiddenOrUnsupportedFilesAreLeftOut()
    {
        Write("guide.md", "# Guide");
        Write("notes/today.txt", "text");
        Write("notes/picture.bmp", "bmp");
        Write(".git/config", "x");
        Write("notes/.draft.md", "x");
        var written = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(_folder, "guide.md"), written);

        var (documents, skipped) = LocalFiles.Scan([_folder]);

        Assert.Equal(["guide.md", "notes/today.txt"], documents.Select(d => d.Id));
        Assert.Equal("text/markdown", documents[0].ContentType);
        Assert.Equal(new DateTimeOffset(written).ToUnixTimeMilliseconds(), documents[0].Version);
        Assert.Equal("picture.bmp", Path.GetFileName(Assert.Single(skipped)));
    }

    [Fact]
    public void SlidesWorkbooksSeparatedValuesAndMailsArePickedUpByTheirExtensions()
    {
        Write("deck.pptx", "x");
        Write("book.xlsx", "x");
        Write("table.csv", "a,b");
        Write("table.tsv", "a\tb");
        Write("mail.eml", "Subject: x");
        Write("old.ppt", "x");

        var (documents, skipped) = LocalFiles.Scan([_folder]);

        Assert.Equal(
            [
                ("book.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("deck.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
                ("mail.eml", "message/rfc822"),
                ("table.csv", "text/csv"),
                ("table.tsv", "text/tab-separated-values"),
            ],
            documents.Select(d => (d.Id, d.ContentType)).Order());
        Assert.Equal("old.ppt", Path.GetFileName(Assert.Single(skipped)));
    }

    [Fact]
    public void ASingleFileIsNamedByItsFileNameAndAMissingPathIsAnError()
    {
        Write("sub/one.html", "<p>x</p>");
        var (documents, _) = LocalFiles.Scan([Path.Combine(_folder, "sub", "one.html")]);
        Assert.Equal("one.html", Assert.Single(documents).Id);
        Assert.Contains("nothing-here", Assert.Throws<CliException>(() => LocalFiles.Scan([Path.Combine(_folder, "nothing-here")])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextThatIsNotUtf8IsRefusedAndBinaryFormatsAreSentAsBase64()
    {
        await File.WriteAllBytesAsync(Path.Combine(_folder, "latin1.txt"), [0x63, 0x61, 0x66, 0xE9]);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "file.pdf"), [0x25, 0x50, 0x44, 0x46]);
        var (documents, _) = LocalFiles.Scan([_folder]);

        var error = await Assert.ThrowsAsync<CliException>(() => LocalFiles.ReadContentAsync(documents.Single(d => d.Id == "latin1.txt"), CancellationToken.None));
        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal("JVBERg==", await LocalFiles.ReadContentAsync(documents.Single(d => d.Id == "file.pdf"), CancellationToken.None));
    }

    [Fact]
    public async Task AFileGoneSinceTheScanOrLargerThanAnyGatewayTakesFailsAloneWithAMessage()
    {
        Write("gone.txt", "text");
        Write("huge.pdf", "%PDF");
        var (documents, _) = LocalFiles.Scan([_folder]);
        File.Delete(Path.Combine(_folder, "gone.txt"));
        var huge = documents.Single(d => d.Id == "huge.pdf") with { Length = LocalFiles.MaxFileBytes + 1 };

        var gone = await Assert.ThrowsAsync<CliException>(() => LocalFiles.ReadContentAsync(documents.Single(d => d.Id == "gone.txt"), CancellationToken.None));
        var tooLarge = await Assert.ThrowsAsync<CliException>(() => LocalFiles.ReadContentAsync(huge, CancellationToken.None));

        Assert.Contains("gone.txt", gone.Message, StringComparison.Ordinal);
        Assert.Contains("more than any gateway accepts", tooLarge.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
