namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// A matrix of equal rows (a segment's vectors, one row per document) in blocks of whole rows: a segment may hold more
/// rows than one array can (2^31 elements, 5.6M rows of 384), so the rows are split, and no offset inside a block
/// overflows an int.
/// </summary>
internal sealed class RowMatrix<T>
    where T : struct
{
    private readonly T[][] _blocks;
    private readonly int _rowsPerBlock;

    public RowMatrix(int rows, int width, int maxElementsPerBlock = RowBlocks.MaxElements)
    {
        Width = width;
        _rowsPerBlock = RowBlocks.RowsPerBlock(width, maxElementsPerBlock);
        _blocks = new T[(rows + _rowsPerBlock - 1) / _rowsPerBlock][];
        for (var block = 0; block < _blocks.Length; block++)
        {
            _blocks[block] = new T[Math.Min(_rowsPerBlock, rows - (block * _rowsPerBlock)) * width];
        }
    }

    public int Width { get; }

    public Span<T> Row(int row) => _blocks[row / _rowsPerBlock].AsSpan(row % _rowsPerBlock * Width, Width);

    /// <summary>The blocks in row order, each a whole number of rows, for scans that walk every row.</summary>
    public IReadOnlyList<T[]> Blocks => _blocks;
}

/// <summary>How <see cref="RowMatrix{T}"/> splits its rows.</summary>
internal static class RowBlocks
{
    public const int MaxElements = 1 << 30;

    public static int RowsPerBlock(int width, int maxElements = MaxElements) => Math.Max(1, maxElements / width);
}
