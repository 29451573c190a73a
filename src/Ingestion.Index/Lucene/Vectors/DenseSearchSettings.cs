namespace Ingestion.Index.Lucene.Vectors;

/// <summary>How the embedded store's dense leg searches: its mode and how many candidates each pass keeps (from <see cref="IndexOptions"/>).</summary>
internal readonly record struct DenseSearchSettings(DenseSearchMode Mode, int RescoreCandidates, int Candidates, double CandidateShare)
{
    /// <summary>Rescore from the index's mapped doc values (see <see cref="Reading.LuceneSearchStrategy.RescoreFromMap"/>).</summary>
    public bool RescoreFromMap { get; init; }

    public static DenseSearchSettings Of(IndexOptions options, DenseSearchMode mode = DenseSearchMode.Binary) =>
        new(mode, options.DenseRescoreCandidates, options.DenseCandidates, options.DenseCandidateShare);

    /// <summary>How many candidates a binary first pass over <paramref name="chunks"/> chunks hands on, to rescore <paramref name="rescored"/>.</summary>
    public int BinaryCandidates(int chunks, int rescored) => Math.Max(Math.Max(Candidates, 4 * rescored), (int)Math.Ceiling(chunks * CandidateShare));

    /// <summary>Whether a binary first pass pays: it costs a second pass over its candidates, so not where they are a tenth of the index or more.</summary>
    public bool BinaryPays(int chunks, int rescored) => Mode == DenseSearchMode.Binary && chunks > 10L * BinaryCandidates(chunks, rescored);
}
