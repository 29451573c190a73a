using System.Runtime.InteropServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// The float32 vectors a segment keeps in its doc values (little-endian, one per chunk), read one by one, from its
/// <see cref="UnmappedVectorFile"/> where it has one.
/// </summary>
internal static class StoredVectors
{
    public delegate void Visitor(int doc, ReadOnlySpan<float> vector);

    /// <summary>Calls <paramref name="visit"/> with every document of the segment that has a vector, in document order.</summary>
    public static void ForEach(AtomicReader reader, int dimension, Visitor visit)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(visit);
        var (values, withField) = Open(reader);
        if (values is null || withField is null)
        {
            return;
        }

        var bytes = new BytesRef();
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (!withField.Get(doc))
            {
                continue;
            }

            values.Get(doc, bytes);
            var vector = MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length));
            if (vector.Length != dimension)
            {
                throw new InvalidDataException($"A stored vector has {vector.Length} dimensions; the index records {dimension}.");
            }

            visit(doc, vector);
        }
    }

    /// <summary>A reader of the segment's vectors for one thread (null: no document has one).</summary>
    public static BinaryDocValues? Values(AtomicReader reader) =>
        UnmappedVectorFile.For(reader) is { } file ? file.Values() : reader.GetBinaryDocValues(LuceneSchema.Vector);

    /// <summary>A reader of the segment's vectors for one thread, and which documents have one (null, null: none has).</summary>
    private static (BinaryDocValues? Values, IBits? WithField) Open(AtomicReader reader) =>
        UnmappedVectorFile.For(reader) is { } file
            ? (file.Values(), file.DocsWithField())
            : (reader.GetBinaryDocValues(LuceneSchema.Vector), reader.GetDocsWithField(LuceneSchema.Vector));
}
