using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using TextEncoding = System.Text.Encoding;

namespace Auscult.Audio;

/// <summary>The parsed, validated header of a RIFF/WAVE file: how to decode the samples and where they are.</summary>
internal readonly record struct WavHeader(
    int FormatTag,
    bool IsExtensible,
    WavSampleEncoding Encoding,
    int BitsPerSample,
    int ChannelCount,
    int SampleRate,
    long DataOffset,
    long FrameCount)
{
    private const ushort TagPcm = 0x0001;
    private const ushort TagIeeeFloat = 0x0003;
    private const ushort TagExtensible = 0xFFFE;

    // KSDATAFORMAT_SUBTYPE_PCM and _IEEE_FLOAT are {0000000X-0000-0010-8000-00AA00389B71}: the first two bytes are
    // the old format tag, the other fourteen are this fixed tail.
    private static ReadOnlySpan<byte> SubFormatTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public int BytesPerSample => BitsPerSample / 8;

    /// <summary>Samples of all channels; <see cref="Parse"/> has checked that they fit in an array.</summary>
    public int SampleCount => (int)(FrameCount * ChannelCount);

    public WavInfo ToInfo()
    {
        string name = Encoding is WavSampleEncoding.Float32 or WavSampleEncoding.Float64 ? "IEEE float" : "PCM";
        return new WavInfo(IsExtensible ? name + " (WAVE_FORMAT_EXTENSIBLE)" : name, FormatTag, BitsPerSample, ChannelCount, SampleRate, FrameCount);
    }

    /// <summary>Walks the RIFF chunks and validates the format; throws <see cref="AudioFormatException"/> naming the problem.</summary>
    /// <remarks>
    /// Chunks are walked to the end of the file, not to the RIFF size (writers that never finalise the header leave
    /// it 0 or too large); each chunk is followed by a pad byte when its size is odd. The first <c>fmt </c> and the
    /// first <c>data</c> chunk count, in either order. A <c>data</c> chunk that declares more bytes than the file
    /// holds is an error (a cut-off copy must not pass as a shorter recording); a trailing partial frame is dropped,
    /// as libsndfile does.
    /// </remarks>
    public static WavHeader Parse(WavByteSource source, string? name)
    {
        long length = source.Length;
        if (length == 0)
        {
            throw new AudioFormatException(name, "the file is empty (0 bytes); expected a RIFF/WAVE file.");
        }

        Span<byte> head = stackalloc byte[12];
        head = head[..(int)Math.Min(12, length)];
        source.ReadExactlyAt(0, head);
        CheckRiffHeader(head, name);

        long fmtOffset = -1, fmtSize = 0, dataOffset = -1, dataSize = 0;
        var seen = new List<string>();
        Span<byte> chunkHeader = stackalloc byte[8];
        long position = 12;
        while (position <= length - 8 && (fmtOffset < 0 || dataOffset < 0))
        {
            source.ReadExactlyAt(position, chunkHeader);
            string id = ChunkId(chunkHeader[..4]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            long body = position + 8;
            seen.Add(id);
            if (id == "fmt " && fmtOffset < 0)
            {
                fmtOffset = body;
                fmtSize = size;
            }
            else if (id == "data" && dataOffset < 0)
            {
                dataOffset = body;
                dataSize = size;
            }

            position = body + size + (size & 1);
        }

        if (fmtOffset < 0)
        {
            throw new AudioFormatException(name, $"no 'fmt ' chunk ({DescribeChunks(seen)}); the sample format is unknown.");
        }

        var format = ParseFormat(source, name, fmtOffset, fmtSize, length);

        if (dataOffset < 0)
        {
            throw new AudioFormatException(name, $"no 'data' chunk ({DescribeChunks(seen)}); the file holds no samples.");
        }

        long available = length - dataOffset;
        if (dataSize > available)
        {
            throw new AudioFormatException(name,
                $"truncated data: the 'data' chunk declares {dataSize} bytes but the file holds only {available} after the chunk header (cut-off copy or unfinished recording).");
        }

        int blockAlign = format.ChannelCount * (format.BitsPerSample / 8);
        long frames = dataSize / blockAlign;
        if (frames == 0)
        {
            throw new AudioFormatException(name, dataSize == 0
                ? "no samples: the 'data' chunk is empty."
                : $"no samples: the 'data' chunk holds {dataSize} bytes, less than one frame ({blockAlign} bytes).");
        }

        if (frames * format.ChannelCount > Array.MaxLength)
        {
            throw new AudioFormatException(name, $"{frames} frames of {format.ChannelCount} channels are too many samples to decode into memory.");
        }

        return format with { DataOffset = dataOffset, FrameCount = frames };
    }

    private static void CheckRiffHeader(ReadOnlySpan<byte> head, string? name)
    {
        ReadOnlySpan<byte> riff = "RIFF"u8;
        bool riffPrefix = head[..Math.Min(4, head.Length)].SequenceEqual(riff[..Math.Min(4, head.Length)]);
        if (!riffPrefix)
        {
            if (head.StartsWith("RIFX"u8))
            {
                throw new AudioFormatException(name, "big-endian RIFX WAV is not supported; Auscult reads little-endian RIFF/WAVE.");
            }

            if (head.StartsWith("RF64"u8))
            {
                throw new AudioFormatException(name, "RF64 (WAV over 4 GiB) is not supported; Auscult reads RIFF/WAVE.");
            }

            throw new AudioFormatException(name, $"not a RIFF/WAVE file: it starts with {DescribeStart(head)}.");
        }

        if (head.Length < 12)
        {
            throw new AudioFormatException(name, $"truncated header: the file holds {head.Length} bytes; a RIFF/WAVE header needs at least 12.");
        }

        if (!head[8..12].SequenceEqual("WAVE"u8))
        {
            throw new AudioFormatException(name, $"not a RIFF/WAVE file: a RIFF file of form type '{ChunkId(head[8..12])}', not 'WAVE'.");
        }
    }

    private static WavHeader ParseFormat(WavByteSource source, string? name, long offset, long size, long length)
    {
        if (size < 16)
        {
            throw new AudioFormatException(name, $"truncated header: the 'fmt ' chunk holds {size} bytes; it needs at least 16.");
        }

        if (offset + Math.Min(size, 40) > length)
        {
            throw new AudioFormatException(name,
                $"truncated header: the 'fmt ' chunk declares {size} bytes but the file ends {length - offset} bytes after its start.");
        }

        Span<byte> fmt = stackalloc byte[40];
        fmt = fmt[..(int)Math.Min(size, 40)];
        source.ReadExactlyAt(offset, fmt);
        ushort storedTag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        ushort tag = storedTag;
        if (storedTag == TagExtensible)
        {
            if (fmt.Length < 40)
            {
                throw new AudioFormatException(name,
                    $"truncated header: a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk needs 40 bytes; this one holds {size}.");
            }

            // Layout after the 16 common bytes: cbSize (2), valid bits (2), channel mask (4), sub-format GUID (16).
            // Samples are decoded by their container size (bits per sample), as libsndfile does; valid bits only say
            // how many of the high bits carry signal.
            ReadOnlySpan<byte> guid = fmt[24..40];
            if (!guid[2..].SequenceEqual(SubFormatTail))
            {
                throw new AudioFormatException(name,
                    $"WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)} is not supported; Auscult reads PCM and IEEE float WAV.");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
        }

        if (tag != TagPcm && tag != TagIeeeFloat)
        {
            string where = storedTag == TagExtensible ? "WAVE_FORMAT_EXTENSIBLE sub-format" : "format tag";
            throw new AudioFormatException(name,
                $"{where} 0x{tag:X4} ({FormatTagName(tag)}) is not supported; Auscult reads PCM and IEEE float WAV.");
        }

        if (channels == 0)
        {
            throw new AudioFormatException(name, "the 'fmt ' chunk declares zero channels.");
        }

        if (sampleRate == 0)
        {
            throw new AudioFormatException(name, "the 'fmt ' chunk declares a sample rate of 0 Hz.");
        }

        if (sampleRate > int.MaxValue)
        {
            throw new AudioFormatException(name, $"sample rate {sampleRate} Hz is out of range.");
        }

        WavSampleEncoding? encoding = (tag, bits) switch
        {
            (TagPcm, 8) => WavSampleEncoding.UInt8,
            (TagPcm, 16) => WavSampleEncoding.Int16,
            (TagPcm, 24) => WavSampleEncoding.Int24,
            (TagPcm, 32) => WavSampleEncoding.Int32,
            (TagIeeeFloat, 32) => WavSampleEncoding.Float32,
            (TagIeeeFloat, 64) => WavSampleEncoding.Float64,
            _ => null,
        };
        if (encoding is null)
        {
            throw new AudioFormatException(name, tag == TagPcm
                ? $"PCM with {bits} bits per sample is not supported; Auscult reads 8-, 16-, 24- and 32-bit PCM."
                : $"IEEE float with {bits} bits per sample is not supported; Auscult reads 32- and 64-bit float.");
        }

        int expectedAlign = channels * (bits / 8);
        if (blockAlign != expectedAlign)
        {
            throw new AudioFormatException(name,
                $"block align {blockAlign} is inconsistent with {channels} channel{(channels == 1 ? "" : "s")} of {bits} bits (expected {expectedAlign} bytes per frame).");
        }

        return new WavHeader(storedTag, storedTag == TagExtensible, encoding.Value, bits, channels, (int)sampleRate, 0, 0);
    }

    private static string ChunkId(ReadOnlySpan<byte> id)
    {
        var text = new StringBuilder(4);
        foreach (byte b in id)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return text.ToString();
    }

    private static string DescribeChunks(List<string> seen) =>
        seen.Count == 0 ? "no chunks follow the RIFF header" : "chunks found: " + string.Join(", ", seen.Select(id => $"'{id}'"));

    /// <summary>The first bytes as text when they are printable (a magic number such as 'ID3'), always also as hex.</summary>
    private static string DescribeStart(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> start = head[..Math.Min(4, head.Length)];
        int printable = 0;
        while (printable < start.Length && start[printable] is >= 0x20 and < 0x7F)
        {
            printable++;
        }

        string hex = Convert.ToHexString(start);
        hex = string.Join(' ', Enumerable.Range(0, start.Length).Select(i => hex.Substring(i * 2, 2)));
        string text = printable >= 3 ? $"'{TextEncoding.ASCII.GetString(start[..printable])}' ({hex})" : $"bytes {hex}";
        string? kind = start switch
        {
            _ when start.StartsWith("ID3"u8) => "an MP3 file with an ID3 tag",
            [0xFF, >= 0xE0, ..] => "an MPEG audio (MP3) frame",
            _ when start.StartsWith("fLaC"u8) => "a FLAC file",
            _ when start.StartsWith("OggS"u8) => "an Ogg file",
            _ when start.StartsWith("FORM"u8) => "an AIFF file",
            _ => null,
        };
        return kind is null ? text : $"{text}, {kind}";
    }

    private static string FormatTagName(int tag) => tag switch
    {
        0x0000 => "unknown",
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "mu-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG",
        0x0055 => "MPEG Layer 3",
        0x00FF => "AAC",
        0x0161 or 0x0162 or 0x0163 => "Windows Media Audio",
        0x2000 => "Dolby AC-3",
        0xF1AC => "FLAC",
        _ => string.Create(CultureInfo.InvariantCulture, $"unregistered tag {tag}"),
    };
}
