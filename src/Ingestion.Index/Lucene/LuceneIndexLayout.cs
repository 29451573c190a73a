using System.Globalization;
using System.Text;
using System.Text.Json;
using Ingestion.Core.Embeddings;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Directory = System.IO.Directory;

namespace Ingestion.Index.Lucene;

/// <summary>
/// Where the embedded store's indexes live: one folder per index under <c>{Index:DataPath}/embedded</c>, the file
/// <c>current</c> naming the one searches read, and while a re-index for another model runs, <c>next</c> naming the one
/// being built. Both pointers are replaced by an atomic rename, so a reader sees the old index or the new one, never
/// neither; switching models is one rename.
/// </summary>
internal sealed class LuceneIndexLayout(string root)
{
    private const string CurrentFile = "current";
    private const string NextFile = "next";
    private const string HeldFile = "held";
    private const string ApprovedFile = "approved";
    private static readonly JsonSerializerOptions HoldJson = new(JsonSerializerDefaults.Web);

    public static LuceneIndexLayout Of(IndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LuceneIndexLayout(Path.Combine(Path.GetFullPath(options.DataPath), "embedded"));
    }

    public string Root => root;

    /// <summary>The index searches read, or null before the first one exists.</summary>
    public string? Current => Read(CurrentFile);

    /// <summary>The index a re-index is building, or null.</summary>
    public string? Next => Read(NextFile);

    public string PathOf(string name) => Path.Combine(root, name);

    /// <summary>A new, empty index folder for <paramref name="model"/>'s vectors, named so that two never collide.</summary>
    public string Create(EmbeddingModelInfo model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        var slug = new StringBuilder();
        foreach (var c in model.ModelId.ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{slug}-{now:yyyyMMddTHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(PathOf(name));
        return name;
    }

    public void SetCurrent(string name) => Write(CurrentFile, name);

    public void SetNext(string name) => Write(NextFile, name);

    /// <summary>Forgets the re-index (switched to, or abandoned), with its hold and an operator's approval of it.</summary>
    public void ClearNext()
    {
        File.Delete(Path.Combine(root, NextFile));
        File.Delete(Path.Combine(root, HeldFile));
        File.Delete(Path.Combine(root, ApprovedFile));
    }

    /// <summary>The switch gate's hold of the re-index <see cref="Next"/> names, or null when it is not held.</summary>
    public SwitchHold? Held
    {
        get
        {
            try
            {
                return Read(HeldFile) is { } json && JsonSerializer.Deserialize<SwitchHold>(json, HoldJson) is { } hold && hold.Target == Next ? hold : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public void Hold(SwitchHold hold) => Write(HeldFile, JsonSerializer.Serialize(hold, HoldJson));

    /// <summary>Approves the held switch (an operator's decision): the hold approved, or null when none is held.</summary>
    public SwitchHold? ApproveHeld()
    {
        if (Held is not { } hold)
        {
            return null;
        }

        Write(ApprovedFile, hold.Target);
        return hold;
    }

    /// <summary>Whether an operator approved switching to <paramref name="target"/> while it was held.</summary>
    public bool IsApproved(string target) => Read(ApprovedFile) == target;

    /// <summary>Removes index folders neither pointer names (left by a finished or abandoned re-index).</summary>
    public IReadOnlyList<string> DeleteUnused()
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var keep = new[] { Current, Next };
        var deleted = new List<string>();
        foreach (var folder in Directory.GetDirectories(root))
        {
            var name = Path.GetFileName(folder);
            if (!keep.Contains(name))
            {
                Directory.Delete(folder, recursive: true);
                deleted.Add(name);
            }
        }

        return deleted;
    }

    /// <summary>The model an index records, or null for one with no commit yet.</summary>
    public EmbeddingModelInfo? ModelOf(string name) => LuceneSchema.ModelOf(LastCommitData(name));

    /// <summary>The format an index's last commit records (<see cref="LuceneSchema.Format"/>); the current one for an index with no commit yet.</summary>
    public int FormatOf(string name) => LastCommitData(name) is { } data ? LuceneSchema.FormatOf(data) : LuceneSchema.Format;

    private IDictionary<string, string>? LastCommitData(string name)
    {
        using var directory = FSDirectory.Open(new DirectoryInfo(PathOf(name)));
        if (!DirectoryReader.IndexExists(directory))
        {
            return null;
        }

        return DirectoryReader.ListCommits(directory).OrderBy(c => c.Generation).Last().UserData;
    }

    private string? Read(string file)
    {
        var path = Path.Combine(root, file);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } name ? name : null : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private void Write(string file, string text)
    {
        Directory.CreateDirectory(root);
        var temporary = Path.Combine(root, file + ".tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path.Combine(root, file), overwrite: true);
    }
}
