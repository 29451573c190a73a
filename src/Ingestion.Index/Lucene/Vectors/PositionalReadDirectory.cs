using Lucene.Net.Store;
using Microsoft.Win32.SafeHandles;

namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// A folder of Lucene files read with positioned reads (<see cref="RandomAccess"/>, <c>pread</c>), for the vectors a
/// dense search rescores (see <see cref="UnmappedVectorFile"/>). Nothing is mapped, so what is read stays in the
/// kernel's page cache rather than in the process. Lucene.NET's own <see cref="NIOFSDirectory"/> does the same through a
/// <see cref="FileStream"/>, taking a lock, seeking and asking the file's length around every read: at ~200 reads a
/// query that cost a third of the dense leg at 100k chunks, and concurrent searches queued on the lock. A positioned
/// read needs neither. Read-only: the index writer never writes through it.
/// </summary>
internal sealed class PositionalReadDirectory(DirectoryInfo folder) : FSDirectory(folder)
{
    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var handle = OpenHandle(name);
        return new Input($"PositionalReadInput(path=\"{Path.Combine(Directory.FullName, name)}\")", handle, 0, RandomAccess.GetLength(handle), BufferedIndexInput.GetBufferSize(context), ownsHandle: true);
    }

    /// <summary>Slices of a compound file, each reading the one handle at its own offsets.</summary>
    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        EnsureOpen();
        return new Slicer(Path.Combine(Directory.FullName, name), OpenHandle(name), BufferedIndexInput.GetBufferSize(context));
    }

    private SafeFileHandle OpenHandle(string name) =>
        File.OpenHandle(Path.Combine(Directory.FullName, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    private sealed class Slicer(string path, SafeFileHandle handle, int bufferSize) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length) =>
            new Input($"PositionalReadInput({sliceDescription} in path=\"{path}\" slice={offset}:{offset + length})", handle, offset, length, bufferSize, ownsHandle: false);

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => OpenSlice("full-slice", 0, RandomAccess.GetLength(handle));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                handle.Dispose();
            }
        }
    }

    /// <summary>
    /// One file, or one slice of a compound file, from <paramref name="start"/> for <paramref name="length"/> bytes.
    /// Clones share the handle and each keeps its own position, as Lucene's inputs do; only the one that opened the
    /// handle closes it.
    /// </summary>
    private sealed class Input(string description, SafeFileHandle handle, long start, long length, int bufferSize, bool ownsHandle)
        : BufferedIndexInput(description, bufferSize)
    {
        private bool _owner = ownsHandle;

        public override long Length => length;

        public override object Clone()
        {
            var clone = (Input)base.Clone();
            clone._owner = false;
            return clone;
        }

        protected override void ReadInternal(byte[] b, int offset, int count)
        {
            var position = Position;
            if (position + count > length)
            {
                throw new EndOfStreamException($"read past EOF: {this}");
            }

            var read = 0;
            while (read < count)
            {
                var got = RandomAccess.Read(handle, b.AsSpan(offset + read, count - read), start + position + read);
                if (got <= 0)
                {
                    throw new EndOfStreamException($"read past EOF: {this}");
                }

                read += got;
            }
        }

        protected override void SeekInternal(long pos)
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _owner)
            {
                _owner = false;
                handle.Dispose();
            }
        }
    }
}
