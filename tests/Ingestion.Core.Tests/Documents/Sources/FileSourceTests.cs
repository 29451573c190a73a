using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Documents.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.Tests.Documents.Sources;

/// <summary>
/// <c>file://</c> references read only what lies under <c>Sources:FileRoot</c>, however links lead there: the
/// check is of the file actually opened, not of the path it was named by.
/// </summary>
public sealed class FileSourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ingestion-sources", Guid.NewGuid().ToString("N"))).FullName;
    private readonly string _root;
    private readonly string _outside;
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    public FileSourceTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_folder, "root")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_folder, "outside")).FullName;
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "outside the root");
        File.WriteAllText(Path.Combine(_root, "notes.txt"), "inside the root");
    }

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AFileUnderTheRootIsReadAlsoThroughALinkThatStaysUnderIt()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "alias.txt"), Path.Combine(_root, "notes.txt"));

        Assert.Equal("inside the root", await Fetcher().FetchAsync($"file://{_root}/notes.txt", isBinaryFormat: false, default));
        Assert.Equal("inside the root", await Fetcher().FetchAsync($"file://{_root}/alias.txt", isBinaryFormat: false, default));
    }

    [Fact]
    public async Task ALinkToAFileOutsideTheRootIsRefused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "escape.txt"), Path.Combine(_outside, "secret.txt"));

        await AssertRefusedAsync($"file://{_root}/escape.txt");
    }

    [Fact]
    public async Task ALinkWhoseTargetLiesUnderALinkedFolderIsRefused()
    {
        // root/evil.txt -> root/linked/secret.txt, and root/linked -> outside: the link's target looks under the root.
        Directory.CreateSymbolicLink(Path.Combine(_root, "linked"), _outside);
        File.CreateSymbolicLink(Path.Combine(_root, "evil.txt"), Path.Combine(_root, "linked", "secret.txt"));

        await AssertRefusedAsync($"file://{_root}/evil.txt");
    }

    [Fact]
    public async Task AReferenceToAFolderOrAMissingFileFailsWithTheReason()
    {
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        var folder = await Assert.ThrowsAsync<ExtractionException>(() => Fetcher().FetchAsync($"file://{_root}/sub", isBinaryFormat: false, default));
        Assert.Contains("not a file", folder.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<ExtractionException>(() => Fetcher().FetchAsync($"file://{_root}/missing.txt", isBinaryFormat: false, default));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    private async Task AssertRefusedAsync(string reference)
    {
        var refused = await Assert.ThrowsAsync<ExtractionException>(() => Fetcher().FetchAsync(reference, isBinaryFormat: false, default));
        Assert.Contains("not under", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(Policy().Check(reference, out _));
    }

    private SourcePolicy Policy() => new(Options.Create(new SourceOptions { FileRoot = _root }));

    private ContentFetcher Fetcher() => new(Policy(), Options.Create(new SourceOptions { FileRoot = _root }), _services.GetRequiredService<IHttpClientFactory>());
}
