using System.Globalization;
using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Embeddings;
using Ingestion.Index;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Bench;

/// <summary>
/// A BEIR corpus indexed as the system indexes it (the worker's chunker and encoder input, the store's writer), kept
/// in a folder so a second run only queries. Written once per corpus: SciFact's train and test splits share one.
/// The chunks' vectors are kept beside it for tuning a query encoder against them (<see cref="QueryEncoderBenchmark"/>).
/// </summary>
internal static class RelevanceIndex
{
    /// <summary>Each chunk's vector as the index holds it (float32, one after another), in the order of <see cref="ChunkDocumentsFile"/>.</summary>
    public const string ChunkVectorsFile = "chunk-vectors.f32";

    /// <summary>Each chunk's document id, a line each.</summary>
    public const string ChunkDocumentsFile = "chunk-documents.txt";

    /// <summary>
    /// The index of <paramref name="dataset"/>'s corpus under <paramref name="folder"/>, written first if it is not there
    /// yet, with its chunks' vectors beside it (what the query encoder is tuned against).
    /// </summary>
    public static async Task<string> PrepareAsync(string dataset, string folder, OnnxSentenceEncoder encoder)
    {
        var indexPath = Path.Combine(folder, "index");
        var done = Path.Combine(folder, "complete");
        if (File.Exists(done) && File.Exists(Path.Combine(folder, ChunkVectorsFile)))
        {
            return indexPath;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var chunker = BenchChunker.For(encoder);
        var model = new EmbeddingModelInfo(encoder.Model.ModelId, encoder.Model.Dimension);
        var documents = SciFactCorpus.Documents(dataset, int.MaxValue, keepTitleOnly: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        await using var vectorFile = new BinaryWriter(File.Create(Path.Combine(folder, ChunkVectorsFile)));
        await using var documentFile = new StreamWriter(Path.Combine(folder, ChunkDocumentsFile));
        await using (var writer = LuceneChunkIndexWriter.Open(Options.Create(new IndexOptions { DataPath = indexPath }), model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System))
        {
            foreach (var batch in documents.Chunk(64))
            {
                // What the CLI's evaluation publishes: the text, or the title where a document has no text.
                var chunked = batch.Select(d => (Document: d, Chunks: chunker.Split(d.Text.Length > 0 ? d.Text : d.Title))).ToList();
                var texts = chunked.SelectMany(c => c.Chunks.Select(chunk => EmbeddingText.Of(c.Document.Id, c.Document.Title, chunk.Text))).ToList();
                var vectors = await encoder.GenerateAsync(texts);
                var next = 0;
                foreach (var (document, chunks) in chunked)
                {
                    foreach (var chunk in chunks)
                    {
                        await documentFile.WriteLineAsync(document.Id);
                        foreach (var value in vectors[next++].Vector.Span)
                        {
                            vectorFile.Write(value);
                        }
                    }
                }

                next = 0;
                await Task.WhenAll(chunked.Select(c =>
                {
                    var chunks = c.Chunks.Select(chunk => new IndexedChunk($"{c.Document.Id}@1#{chunk.Ordinal}", chunk.Ordinal, chunk.Text, chunk.StartOffset, chunk.EndOffset, vectors[next++].Vector)).ToList();
                    return writer.ApplyAsync(new ReplaceDocument(c.Document.Id, 1, c.Document.Title, "text/plain", [], model.ModelId, chunks), CancellationToken.None);
                }));
            }
        }

        vectorFile.Flush();
        await documentFile.FlushAsync();
        await File.WriteAllTextAsync(done, string.Create(CultureInfo.InvariantCulture, $"{documents.Count} documents in {clock.Elapsed.TotalSeconds:F0} s\n"));
        return indexPath;
    }
}
