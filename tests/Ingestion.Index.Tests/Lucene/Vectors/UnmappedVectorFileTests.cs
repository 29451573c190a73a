using System.Globalization;
using System.Runtime.InteropServices;
using Ingestion.Index.Lucene;
using Ingestion.Index.Lucene.Vectors;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Directory = System.IO.Directory;

namespace Ingestion.Index.Tests.Lucene.Vectors;

/// <summary>
/// The float32 vectors are read apart from the index's memory map: the same values as Lucene's own doc values, from a
/// compound segment and a plain one, and after a dense search has read every vector (to quantise it) and rescored its
/// candidates, the index's mapped files hold a small part of the vectors' bytes in this process's resident memory.
/// </summary>
public sealed class UnmappedVectorFileTests : IDisposable
{
    private const int Dimension = 384;
    private const int ChunksPerSegment = 2500;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));

    public UnmappedVectorFileTests()
    {
        // Two segments, the first written as a compound file and the second as plain files, each with manifests (no vector)
        // among its chunks.
        using var directory = FSDirectory.Open(new DirectoryInfo(_folder));
        var config = new IndexWriterConfig(LuceneSchema.Version, new global::Lucene.Net.Analysis.Core.KeywordAnalyzer()) { UseCompoundFile = true };
        config.MergePolicy = NoMergePolicy.COMPOUND_FILES;
        using var writer = new IndexWriter(directory, config);
        var random = new Random(7);
        foreach (var compound in new[] { true, false })
        {
            writer.Config.UseCompoundFile = compound;
            for (var i = 0; i < ChunksPerSegment; i++)
            {
                writer.AddDocument(i % 10 == 0 ? Manifest(i) : Chunk(random));
            }

            writer.Commit();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void ItReadsTheVectorsLuceneReadsFromCompoundAndPlainSegments()
    {
        using var directory = FSDirectory.Open(new DirectoryInfo(_folder));
        using var reader = DirectoryReader.Open(directory);
        Assert.Equal([true, false], reader.Leaves.Select(leaf => ((SegmentReader)leaf.AtomicReader).SegmentInfo.Info.UseCompoundFile));

        foreach (var leaf in reader.Leaves)
        {
            var file = UnmappedVectorFile.For(leaf.AtomicReader);
            Assert.NotNull(file);
            var (values, withField) = (file.Values(), file.DocsWithField());
            var mapped = leaf.AtomicReader.GetBinaryDocValues(LuceneSchema.Vector);
            var mappedWithField = leaf.AtomicReader.GetDocsWithField(LuceneSchema.Vector);
            var (ours, theirs) = (new BytesRef(), new BytesRef());
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                Assert.Equal(mappedWithField.Get(doc), withField.Get(doc));
                values.Get(doc, ours);
                mapped.Get(doc, theirs);
                Assert.True(ours.BytesEquals(theirs), $"document {doc} of segment {leaf.Ord}");
            }
        }
    }

    [Fact]
    public async Task SearchesReadingAtOnceEachReadTheirOwnVectors()
    {
        using var directory = FSDirectory.Open(new DirectoryInfo(_folder));
        using var reader = DirectoryReader.Open(directory);
        var expected = reader.Leaves.Select(leaf =>
        {
            var mapped = leaf.AtomicReader.GetBinaryDocValues(LuceneSchema.Vector);
            return Enumerable.Range(0, leaf.AtomicReader.MaxDoc).Select(doc =>
            {
                var bytes = new BytesRef();
                mapped.Get(doc, bytes);
                return bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).ToArray();
            }).ToArray();
        }).ToArray();

        // Eight readers at once over the same files, each in its own order: one reader's position never moves another's.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(reading => Task.Run(() =>
        {
            var order = new Random(reading);
            foreach (var (leaf, ordinal) in reader.Leaves.Select((leaf, i) => (leaf, i)))
            {
                var values = UnmappedVectorFile.For(leaf.AtomicReader)!.Values();
                var bytes = new BytesRef();
                foreach (var doc in Enumerable.Range(0, leaf.AtomicReader.MaxDoc).OrderBy(_ => order.Next()))
                {
                    values.Get(doc, bytes);
                    Assert.Equal(expected[ordinal][doc], bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).ToArray());
                }
            }
        })));
    }

    [Fact]
    public void ASegmentWhoseFilesTheWriterDeletedUnderAnOpenReaderIsStillSearched()
    {
        using var directory = FSDirectory.Open(new DirectoryInfo(_folder));
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var settings = new DenseSearchSettings(DenseSearchMode.Quantized, RescoreCandidates: 200, Candidates: 4000, CandidateShare: 0.04);
        var query = Vector(new Random(3));
        // The exact answer from Lucene's own (mapped) doc values, without opening the vectors apart.
        var exact = reader.Leaves.SelectMany(leaf =>
        {
            var mapped = leaf.AtomicReader.GetBinaryDocValues(LuceneSchema.Vector);
            var withVector = leaf.AtomicReader.GetDocsWithField(LuceneSchema.Vector);
            return Enumerable.Range(0, leaf.AtomicReader.MaxDoc).Where(withVector.Get).Select(doc =>
            {
                var bytes = new BytesRef();
                mapped.Get(doc, bytes);
                return (Doc: leaf.DocBase + doc, Score: System.Numerics.Tensors.TensorPrimitives.Dot(query, MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length))));
            }).ToList();
        }).OrderByDescending(hit => hit.Score).Take(10).ToList();

        // The writer merged these segments away and deleted their files after this reader opened them (a reader opens its
        // files when it opens; the vectors are opened apart at the first dense search, which may come later).
        foreach (var file in Directory.GetFiles(_folder))
        {
            File.Delete(file);
        }

        Assert.Equal(exact, LuceneDenseSearch.Search(searcher, query, 10, restriction: null, settings));
    }

    [Fact]
    public void ADenseSearchLeavesFewOfTheVectorsBytesResidentInTheProcess()
    {
        using var directory = FSDirectory.Open(new DirectoryInfo(_folder));
        Assert.IsType<MMapDirectory>(directory);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var random = new Random(11);

        // The first search quantises every vector of both segments; each rescores 200 candidates from the float32 rows.
        var settings = new DenseSearchSettings(DenseSearchMode.Quantized, RescoreCandidates: 200, Candidates: 4000, CandidateShare: 0.04);
        for (var query = 0; query < 20; query++)
        {
            Assert.Equal(10, LuceneDenseSearch.Search(searcher, Vector(random), 10, restriction: null, settings).Count);
        }

        // Read through the map, every vector would be resident now (its pages were all touched at the first search).
        var vectorBytes = reader.Leaves.Count * ChunksPerSegment * 9 / 10 * Dimension * sizeof(float);
        var resident = ResidentBytesOfFilesUnder(_folder);
        Assert.True(resident < vectorBytes / 4, $"{resident} bytes of the index's mapped files are resident; the vectors are {vectorBytes} bytes");
    }

    private static Document Manifest(int i) => [new StringField("id", $"manifest{i}", Field.Store.NO)];

    private static Document Chunk(Random random) =>
    [
        new StringField("id", Guid.NewGuid().ToString("N"), Field.Store.NO),
        new BinaryDocValuesField(LuceneSchema.Vector, new BytesRef(MemoryMarshal.AsBytes(Vector(random).AsSpan()).ToArray())),
    ];

    private static float[] Vector(Random random)
    {
        var vector = new float[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            vector[i] = (float)(random.NextDouble() - 0.5);
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }

    /// <summary>The resident bytes of this process's mappings of files under <paramref name="folder"/>, from <c>/proc/self/smaps</c>.</summary>
    private static long ResidentBytesOfFilesUnder(string folder)
    {
        var total = 0L;
        var inFolder = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                // A mapping's header: address range, permissions, offset, device, inode, then the file's path if any.
                inFolder = fields.Length >= 6 && fields[5].StartsWith(folder, StringComparison.Ordinal);
            }
            else if (inFolder && fields is ["Rss:", var kilobytes, "kB"])
            {
                total += long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return total;
    }
}
