using System.Buffers.Binary;

namespace Auscult.Audio;

/// <summary>Writes canonical RIFF/WAVE files (a <c>fmt </c> and a <c>data</c> chunk).</summary>
/// <remarks>
/// PCM 16 stores <c>round(x * 32768)</c> clipped to [-32768, 32767], so reading back with the int16 / 32768 scaling
/// returns the same float for any value that came from 16-bit audio (bit-exact round trip).
/// </remarks>
public static class WavWriter
{
    private const ushort FormatPcm = 1;
    private const ushort FormatIeeeFloat = 3;

    /// <summary>
    /// Writes <paramref name="clip"/> to <paramref name="path"/>. The file is written beside the target first and moved
    /// into place, so an interrupted write never leaves a half file under the final name.
    /// </summary>
    public static void Write(string path, AudioClip clip, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(clip);
        string fullPath = Path.GetFullPath(path);
        string temporary = fullPath + ".partial";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(stream, clip, format);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="clip"/> to a stream as a WAV file.</summary>
    public static void Write(Stream stream, AudioClip clip, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(clip);
        int bytesPerSample = format == WavSampleFormat.Pcm16 ? 2 : 4;
        ReadOnlySpan<float> samples = clip.Interleaved;
        long dataBytes = (long)samples.Length * bytesPerSample;
        if (dataBytes > uint.MaxValue - 36)
        {
            throw new AuscultException($"{clip.Source ?? "audio"}: {dataBytes} bytes of samples do not fit in a RIFF file (4 GiB).");
        }

        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], format == WavSampleFormat.Pcm16 ? FormatPcm : FormatIeeeFloat);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)clip.ChannelCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)clip.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(clip.SampleRate * clip.ChannelCount * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)(clip.ChannelCount * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)(bytesPerSample * 8));
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
        stream.Write(header);

        const int Chunk = 4096;
        Span<byte> buffer = stackalloc byte[Chunk * 4];
        for (int start = 0; start < samples.Length; start += Chunk)
        {
            ReadOnlySpan<float> block = samples.Slice(start, Math.Min(Chunk, samples.Length - start));
            int length = block.Length * bytesPerSample;
            for (int i = 0; i < block.Length; i++)
            {
                if (format == WavSampleFormat.Pcm16)
                {
                    float scaled = MathF.Round(block[i] * 32768f);
                    short value = (short)Math.Clamp(scaled, short.MinValue, short.MaxValue);
                    BinaryPrimitives.WriteInt16LittleEndian(buffer[(i * 2)..], value);
                }
                else
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer[(i * 4)..], block[i]);
                }
            }

            stream.Write(buffer[..length]);
        }
    }
}
