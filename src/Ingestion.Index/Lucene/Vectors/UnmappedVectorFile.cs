using Lucene.Net.Codecs;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Directory = Lucene.Net.Store.Directory;

namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// One segment's float32 vectors read with positioned reads, never through the memory map the rest of the index is
/// searched with. A page of a mapped file, once read, counts in the process's resident memory until the kernel wants it
/// back; reading every vector once at open (to quantise it) and ~200 a query to rescore would keep all 1.5 KB a chunk
/// resident in the gateway, where a query needs only the int8 rows and codes it scans. Read this way, the vectors stay
/// in the kernel's page cache, shared and given back under pressure. The segment's own codec reads them (the index
/// format is Lucene's, unchanged), from its compound file where it has one. Opened once per segment core, closed with it.
/// </summary>
internal sealed class UnmappedVectorFile : SegmentReader.ICoreDisposedListener
{
    private static readonly PerSegmentCache<Opened> Cache = new();
    private readonly FieldInfo _field;
    private readonly DocValuesProducer _producer;
    private readonly Directory[] _directories;

    private UnmappedVectorFile(FieldInfo field, DocValuesProducer producer, Directory[] directories)
    {
        _field = field;
        _producer = producer;
        _directories = directories;
    }

    /// <summary>
    /// The segment's vector file, or null where it cannot be read apart (a reader that is not a segment's, an index not
    /// in a folder, vectors rewritten by a doc values update, files already deleted): the reader's own doc values serve there.
    /// </summary>
    public static UnmappedVectorFile? For(AtomicReader reader) =>
        reader is SegmentReader segment
        && segment.SegmentInfo.Info.Dir is FSDirectory folder
        && reader.FieldInfos.FieldInfo(LuceneSchema.Vector) is { HasDocValues: true, DocValuesGen: -1 }
            ? Cache.GetOrLoad(reader.CoreCacheKey, () => Open(segment, folder)).File
            : null;

    /// <summary>A reader of the vectors of its own: one must not be shared between threads (it keeps a file position).</summary>
    public BinaryDocValues Values() => _producer.GetBinary(_field);

    /// <summary>Which documents have a vector (every chunk; manifests have none).</summary>
    public IBits DocsWithField() => _producer.GetDocsWithField(_field);

    public void OnDispose(object ownerCoreCacheKey)
    {
        _producer.Dispose();
        foreach (var directory in _directories)
        {
            directory.Dispose();
        }
    }

    private static Opened Open(SegmentReader reader, FSDirectory folder)
    {
        var info = reader.SegmentInfo.Info;
        var field = reader.FieldInfos.FieldInfo(LuceneSchema.Vector);
        var unmapped = new PositionalReadDirectory(folder.Directory);
        Directory? compound = null;
        try
        {
            // As Lucene's own segment reader opens a segment: through its compound file where it was written as one.
            compound = info.UseCompoundFile
                ? new CompoundFileDirectory(unmapped, IndexFileNames.SegmentFileName(info.Name, string.Empty, IndexFileNames.COMPOUND_FILE_EXTENSION), IOContext.READ, openForWrite: false)
                : null;
            var state = new SegmentReadState(compound ?? unmapped, info, new FieldInfos([field]), IOContext.READ, termsIndexDivisor: -1);
            var file = new UnmappedVectorFile(field, info.Codec.DocValuesFormat.FieldsProducer(state), compound is null ? [unmapped] : [compound, unmapped]);
            reader.AddCoreDisposedListener(file);
            return new Opened(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // A reader opens its files when it opens, but the vectors are opened apart at the segment's first dense search;
            // by then the writer may have merged the segment away and deleted its files (the reader's own stay readable
            // until it closes). Its vectors are read through the reader for the little while it has left.
            compound?.Dispose();
            unmapped.Dispose();
            return new Opened(null);
        }
        catch
        {
            compound?.Dispose();
            unmapped.Dispose();
            throw;
        }
    }

    /// <summary>What opening a segment's vector file gave: the file, or null where its files were gone.</summary>
    private sealed record Opened(UnmappedVectorFile? File);
}
