using Ingestion.Cli.Documents;
using Ingestion.Cli.Sync;

namespace Ingestion.Cli.Tests;

public sealed class SyncPlanTests
{
    private const long Now = 2_000_000;

    [Fact]
    public void NewAndChangedFilesAreUpsertedRemovedOnesDeletedAndUnchangedOnesLeft()
    {
        var manifest = Manifest(("same.md", new SyncEntry(100, 100, 10)), ("edited.md", new SyncEntry(100, 100, 10)), ("gone.md", new SyncEntry(100, 100, 10)));
        var plan = SyncPlan.Of([File("same.md", 100, 10), File("edited.md", 200, 12), File("new.md", 300, 5)], manifest, Now);

        Assert.Equal(["edited.md", "new.md"], plan.Upserts.Select(u => u.Id).Order(StringComparer.Ordinal));
        Assert.Equal(200, plan.Upserts.Single(u => u.Id == "edited.md").Version);
        Assert.Equal([("gone.md", Now)], plan.Deletes);
        Assert.Equal(1, plan.Unchanged);
    }

    [Fact]
    public void AFileRestoredWithAnOlderTimeIsSentNewerThanTheVersionLastSent()
    {
        var manifest = Manifest(("a.md", new SyncEntry(500, 500, 10)));
        var plan = SyncPlan.Of([File("a.md", 400, 10)], manifest, Now);
        Assert.Equal(501, Assert.Single(plan.Upserts).Version);
    }

    [Fact]
    public void ADeletedDocumentStaysDeletedAndAFileThatReturnsIsSentNewerThanTheDelete()
    {
        var manifest = Manifest(("a.md", new SyncEntry(Now + 5, 0, 0, Deleted: true)));
        Assert.Empty(SyncPlan.Of([], manifest, Now).Deletes);

        var plan = SyncPlan.Of([File("a.md", 100, 10)], manifest, Now);
        Assert.Equal(Now + 6, Assert.Single(plan.Upserts).Version);
    }

    [Fact]
    public void ADeleteIsNewerThanTheVersionLastSentEvenWhenTheClockIsBehind()
    {
        var manifest = Manifest(("a.md", new SyncEntry(Now + 100, Now + 100, 10)));
        Assert.Equal([("a.md", Now + 101)], SyncPlan.Of([], manifest, Now).Deletes);
    }

    [Fact]
    public void FilesSentWithOtherReadersAreSentAgainWithThisSyncsReaders()
    {
        // Syncing a folder again with --reader group:hr must restrict what an earlier sync published to everyone.
        var hr = SyncPlan.ReadersKey(["group:hr", "group:hr"]);
        var manifest = Manifest(("public.md", new SyncEntry(100, 100, 10, Readers: SyncPlan.ReadersKey(["public"]))), ("default.md", new SyncEntry(100, 100, 10)), ("hr.md", new SyncEntry(100, 100, 10, Readers: hr)));
        LocalDocument[] files = [File("public.md", 100, 10), File("default.md", 100, 10), File("hr.md", 100, 10)];

        var plan = SyncPlan.Of(files, manifest, Now, hr);

        Assert.Equal(["default.md", "public.md"], plan.Upserts.Select(u => u.Id).Order(StringComparer.Ordinal));
        Assert.All(plan.Upserts, u => Assert.Equal(101, u.Version));
        Assert.Equal(1, plan.Unchanged);
        Assert.Equal(3, SyncPlan.Of(files, Manifest(("public.md", new SyncEntry(100, 100, 10)), ("default.md", new SyncEntry(100, 100, 10)), ("hr.md", new SyncEntry(100, 100, 10))), Now).Unchanged);
    }

    [Fact]
    public void ADeleteNotedBeforeASyncWasCutShortIsSentAgainOrUndoneByTheFileRestoredUnchanged()
    {
        // The gateway may have accepted the delete before the sync stopped: the file, restored as it was, is sent
        // newer than the delete; still gone, it is deleted again.
        var manifest = Manifest(("a.md", new SyncEntry(100, 100, 10)));
        manifest.NoteDeleting([("a.md", Now)]);

        Assert.Equal(Now + 1, Assert.Single(SyncPlan.Of([File("a.md", 100, 10)], manifest, Now).Upserts).Version);
        Assert.Equal([("a.md", Now + 1)], SyncPlan.Of([], manifest, Now).Deletes);
    }

    private static LocalDocument File(string id, long version, long length) => new(id, "/x/" + id, "text/markdown", version, length);

    private static SyncManifest Manifest(params (string Id, SyncEntry Entry)[] entries) =>
        new() { Folder = "/x", Documents = entries.ToDictionary(e => e.Id, e => e.Entry, StringComparer.Ordinal) };
}
