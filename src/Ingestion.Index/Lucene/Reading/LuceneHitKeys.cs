using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Ingestion.Index.Lucene.Reading;

/// <summary>
/// Reads what fusion needs of a hit (chunk id, document id, version) from doc values, for one leg's search on one
/// thread (Lucene hands doc values out per thread).
/// </summary>
internal sealed class LuceneHitKeys
{
    private readonly IList<AtomicReaderContext> _leaves;
    private readonly Keys?[] _keys;
    private readonly BytesRef _bytes = new();

    public LuceneHitKeys(IndexSearcher searcher)
    {
        _leaves = searcher.IndexReader.Leaves;
        _keys = new Keys?[_leaves.Count];
        for (var i = 0; i < _leaves.Count; i++)
        {
            var segment = _leaves[i].AtomicReader;
            var chunkIds = segment.GetBinaryDocValues(LuceneSchema.ChunkIdValues);
            var documentIds = segment.GetSortedDocValues(LuceneSchema.DocumentIdValues);
            var versions = segment.GetNumericDocValues(LuceneSchema.VersionValues);
            _keys[i] = chunkIds is null || documentIds is null || versions is null ? null : new Keys(chunkIds, documentIds, versions);
        }
    }

    /// <summary>A hit with its keys and score; title and text empty, to be read with <see cref="LuceneChunkIndexReader.ToHit"/> if kept.</summary>
    public ChunkHit KeyOf(int doc, float score)
    {
        var leaf = ReaderUtil.SubIndex(doc, _leaves);
        // Every chunk carries its keys as doc values; a segment without them holds no chunk (manifests only), so no hit.
        var keys = _keys[leaf] ?? throw new InvalidOperationException($"Document {doc} was found as a chunk in a segment that holds no chunks.");

        var local = doc - _leaves[leaf].DocBase;
        keys.ChunkIds.Get(local, _bytes);
        var chunkId = _bytes.Utf8ToString();
        keys.DocumentIds.Get(local, _bytes);
        return Key(chunkId, _bytes.Utf8ToString(), keys.Versions.Get(local), score);
    }

    private static ChunkHit Key(string chunkId, string documentId, long version, float score) =>
        new(chunkId, documentId, version, string.Empty, string.Empty, 0, 0, 0, score);

    private sealed record Keys(BinaryDocValues ChunkIds, SortedDocValues DocumentIds, NumericDocValues Versions);
}
