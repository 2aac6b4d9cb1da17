namespace Auscult.Features;

/// <summary>
/// Writes one float32 .npy matrix block by block, for matrices too large to hold in memory (the rows of many clips
/// stacked): rows are appended as they come, and <see cref="Complete"/> writes the final row count into the header.
/// </summary>
/// <remarks>
/// The header is written first with room for any row count (128 bytes, padded with spaces as numpy pads it) and
/// rewritten in place at the end, so the stream must be seekable. Until <see cref="Complete"/> the header says 0 rows:
/// write to a temporary file (<see cref="AtomicFile"/>) so that no reader sees a half-written matrix under its name.
/// <c>numpy.load</c> reads the result as a float32 array of shape (<see cref="Rows"/>, <see cref="Columns"/>).
/// </remarks>
public sealed class NpyStackWriter
{
    // Room for the widest row count a long holds, padded to a multiple of 64 like every header numpy writes.
    private static readonly int HeaderLength = NpyFile.Header(long.MaxValue, int.MaxValue).Length;

    private readonly Stream _stream;
    private readonly long _start;
    private bool _completed;

    /// <param name="stream">A writable, seekable stream positioned where the file starts.</param>
    /// <param name="columns">Values per row, at least 1.</param>
    public NpyStackWriter(Stream stream, int columns)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (!stream.CanWrite || !stream.CanSeek)
        {
            throw new ArgumentException("A stacked .npy file needs a writable, seekable stream: its header is rewritten at the end.", nameof(stream));
        }

        _stream = stream;
        _start = stream.Position;
        Columns = columns;
        stream.Write(NpyFile.Header(0, columns, HeaderLength));
    }

    /// <summary>Values per row.</summary>
    public int Columns { get; }

    /// <summary>Rows appended so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Appends whole rows, row-major.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is not a whole number of rows.</exception>
    /// <exception cref="InvalidOperationException">The matrix was completed.</exception>
    public void Append(ReadOnlySpan<float> values)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The matrix is complete; no rows can be appended.");
        }

        if (values.Length % Columns != 0)
        {
            throw new ArgumentException($"{values.Length} values are not whole rows of {Columns}.", nameof(values));
        }

        NpyFile.WriteValues(_stream, values);
        Rows += values.Length / Columns;
    }

    /// <summary>Writes the final row count into the header and leaves the stream at the end of the data.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        long end = _stream.Position;
        _stream.Position = _start;
        _stream.Write(NpyFile.Header(Rows, Columns, HeaderLength));
        _stream.Position = end;
        _stream.Flush();
        _completed = true;
    }
}
