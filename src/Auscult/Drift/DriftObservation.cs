using System.Buffers.Binary;

namespace Auscult.Drift;

/// <summary>
/// What a drift monitor keeps of one clip (<see cref="DriftReference.Observe"/>): its time, score and input health,
/// each mel band's mean level, and how the clip's frames fall into the training distribution's quantile bins.
/// </summary>
/// <remarks>About 2.8 KB for 128 bands: a day of one machine's clips is under 1 MB.</remarks>
public sealed class DriftObservation
{
    internal DriftObservation(DateTimeOffset recordedAt, double score, bool anomalous, bool inputProblem, float[]? bandMeans, ushort[]? binCounts, int frames)
    {
        RecordedAt = recordedAt;
        Score = score;
        IsAnomalous = anomalous;
        HasInputProblem = inputProblem;
        BandMeans = bandMeans;
        BinCounts = binCounts;
        FrameCount = frames;
    }

    /// <summary>When the clip was recorded.</summary>
    public DateTimeOffset RecordedAt { get; }

    /// <summary>The anomaly score; NaN when the clip was not scored (input unfit).</summary>
    public double Score { get; }

    /// <summary>Whether the score passed the threshold.</summary>
    public bool IsAnomalous { get; }

    /// <summary>Whether the input checks found the clip unfit, or found a fault of the recording chain (dead or duplicated channel, clipping).</summary>
    public bool HasInputProblem { get; }

    /// <summary>Each band's mean log-mel level over the clip's frames (dB); null when the clip has no features.</summary>
    public IReadOnlyList<float>? BandMeans { get; }

    /// <summary>Whether the clip was scored.</summary>
    public bool IsScored => !double.IsNaN(Score);

    internal float[]? Means => BandMeans as float[];

    /// <summary>Frames per band and quantile bin, band-major (<c>band * bins + bin</c>); null without features.</summary>
    internal ushort[]? BinCounts { get; }

    /// <summary>Log-mel frames the clip had.</summary>
    public int FrameCount { get; }

    private const byte FormatVersion = 1;
    private const int HeaderBytes = 1 + 8 + 8 + 1 + 4 + 4 + 4;

    /// <summary>
    /// The observation as bytes (little-endian; a version byte, time, score, flags, frames, then the band means as
    /// float32 and the bin counts as uint16): what a service stores with a clip, about 3 KB for 128 bands.
    /// </summary>
    public byte[] ToBytes()
    {
        float[]? means = Means;
        ushort[]? bins = BinCounts;
        var bytes = new byte[HeaderBytes + ((means?.Length ?? 0) * 4) + ((bins?.Length ?? 0) * 2)];
        Span<byte> span = bytes;
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], RecordedAt.UtcTicks);
        BinaryPrimitives.WriteDoubleLittleEndian(span[9..], Score);
        span[17] = (byte)((IsAnomalous ? 1 : 0) | (HasInputProblem ? 2 : 0));
        BinaryPrimitives.WriteInt32LittleEndian(span[18..], FrameCount);
        BinaryPrimitives.WriteInt32LittleEndian(span[22..], means?.Length ?? -1);
        BinaryPrimitives.WriteInt32LittleEndian(span[26..], bins?.Length ?? -1);
        int at = HeaderBytes;
        foreach (float x in means ?? [])
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], x);
            at += 4;
        }

        foreach (ushort x in bins ?? [])
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[at..], x);
            at += 2;
        }

        return bytes;
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote.</summary>
    /// <exception cref="InputException">The bytes are not an observation of this format (named in the message).</exception>
    public static DriftObservation FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || bytes[0] != FormatVersion)
        {
            throw new InputException($"A stored drift observation of {bytes.Length} bytes is not of format {FormatVersion}.");
        }

        var at = new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(bytes[1..]), TimeSpan.Zero);
        double score = BinaryPrimitives.ReadDoubleLittleEndian(bytes[9..]);
        byte flags = bytes[17];
        int frames = BinaryPrimitives.ReadInt32LittleEndian(bytes[18..]);
        int meanCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[22..]), binCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[26..]);
        if (meanCount < -1 || binCount < -1 || (meanCount < 0) != (binCount < 0)
            || bytes.Length != HeaderBytes + (Math.Max(0, meanCount) * 4L) + (Math.Max(0, binCount) * 2L))
        {
            throw new InputException($"A stored drift observation of {bytes.Length} bytes does not hold the {meanCount} band means and {binCount} bin counts it declares.");
        }

        float[]? means = meanCount < 0 ? null : new float[meanCount];
        ushort[]? bins = binCount < 0 ? null : new ushort[binCount];
        int offset = HeaderBytes;
        for (int i = 0; i < meanCount; i++, offset += 4)
        {
            means![i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[offset..]);
        }

        for (int i = 0; i < binCount; i++, offset += 2)
        {
            bins![i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]);
        }

        return new DriftObservation(at, score, (flags & 1) != 0, (flags & 2) != 0, means, bins, frames);
    }
}
