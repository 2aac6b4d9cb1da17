using System.Buffers;
using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Auscult.Audio;

/// <summary>Writes RIFF/WAVE files: a <c>fmt </c> chunk (plus a <c>fact</c> chunk for float) and a <c>data</c> chunk.</summary>
/// <remarks>
/// PCM stores <c>round(x * 2^(bits - 1))</c> clipped to the integer range, so reading back with the soundfile scaling
/// (<see cref="WavReader"/>, e.g. int16 / 32768) returns the same float for any value that came from audio of that
/// depth: the round trip is bit-exact. (Some writers, libsndfile among them, scale by 2^(bits - 1) - 1 when writing,
/// which does not round-trip; Auscult writes with the reading scale.) Float formats are lossless. Multi-channel files are written with the plain
/// PCM or float tag, not WAVE_FORMAT_EXTENSIBLE; soundfile, scipy and Auscult read them.
/// </remarks>
public static class WavWriter
{
    private const ushort FormatPcm = 1;
    private const ushort FormatIeeeFloat = 3;

    // Samples converted per block; the scratch comes from the array pool.
    private const int BlockSamples = 4096;

    /// <summary>
    /// Writes <paramref name="clip"/> to <paramref name="path"/>. The file is written beside the target first
    /// (<c>path.partial</c>) and moved into place, so an interrupted write never leaves a half file under the final name.
    /// </summary>
    /// <exception cref="AuscultException">The folder does not exist or cannot be written, or the clip is too large for RIFF.</exception>
    public static void Write(string path, AudioClip clip, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(clip);
        AtomicFile.Write(path, stream => Write(stream, clip, format));
    }

    /// <summary>Writes <paramref name="clip"/> to a stream as a WAV file, starting at the stream's position.</summary>
    public static void Write(Stream stream, AudioClip clip, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(clip);
        bool isFloat = format is WavSampleFormat.Float32 or WavSampleFormat.Float64;
        int bytesPerSample = format switch
        {
            WavSampleFormat.Pcm16 => 2,
            WavSampleFormat.Pcm24 => 3,
            WavSampleFormat.Float32 => 4,
            WavSampleFormat.Float64 => 8,
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };

        string name = clip.Source ?? "audio";
        long blockAlign = (long)clip.ChannelCount * bytesPerSample;
        if (clip.ChannelCount > ushort.MaxValue || blockAlign > ushort.MaxValue)
        {
            throw new InputException($"{name}: {clip.ChannelCount} channels do not fit in a WAV header.");
        }

        ReadOnlySpan<float> samples = clip.Interleaved;
        long dataBytes = (long)samples.Length * bytesPerSample;

        // Non-PCM formats carry cbSize in 'fmt ' (18 bytes) and a 'fact' chunk with the frame count, as the WAVE
        // specification asks; PCM uses the canonical 16-byte 'fmt ' and no 'fact'.
        int fmtSize = isFloat ? 18 : 16;
        int headerSize = 12 + (8 + fmtSize) + (isFloat ? 12 : 0) + 8;
        long riffSize = headerSize - 8 + dataBytes + (dataBytes & 1);
        if (riffSize > uint.MaxValue)
        {
            throw new InputException($"{name}: {dataBytes} bytes of samples do not fit in a RIFF file (4 GiB).");
        }

        Span<byte> header = stackalloc byte[headerSize];
        header.Clear();
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)riffSize);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], isFloat ? FormatIeeeFloat : FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)clip.ChannelCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)clip.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)Math.Min(uint.MaxValue, clip.SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)(bytesPerSample * 8));
        int position = 20 + fmtSize; // cbSize (when present) is already zero
        if (isFloat)
        {
            "fact"u8.CopyTo(header[position..]);
            BinaryPrimitives.WriteUInt32LittleEndian(header[(position + 4)..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(header[(position + 8)..], (uint)clip.FrameCount);
            position += 12;
        }

        "data"u8.CopyTo(header[position..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(position + 4)..], (uint)dataBytes);
        stream.Write(header);

        if (format == WavSampleFormat.Float32 && BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(samples));
        }
        else
        {
            WriteConverted(stream, samples, format, bytesPerSample);
        }

        if ((dataBytes & 1) != 0)
        {
            stream.WriteByte(0); // pad byte after an odd-sized chunk (24-bit, odd sample count)
        }
    }

    private static void WriteConverted(Stream stream, ReadOnlySpan<float> samples, WavSampleFormat format, int bytesPerSample)
    {
        float[] scaled = ArrayPool<float>.Shared.Rent(BlockSamples);
        byte[] bytes = ArrayPool<byte>.Shared.Rent(BlockSamples * bytesPerSample);
        try
        {
            for (int start = 0; start < samples.Length; start += BlockSamples)
            {
                ReadOnlySpan<float> block = samples.Slice(start, Math.Min(BlockSamples, samples.Length - start));
                Span<byte> output = bytes.AsSpan(0, block.Length * bytesPerSample);
                Span<float> work = scaled.AsSpan(0, block.Length);
                switch (format)
                {
                    case WavSampleFormat.Pcm16:
                        // x * 32768 is exact; Round ties to even; the saturating conversion clips (and maps NaN to 0).
                        TensorPrimitives.Multiply(block, 32768f, work);
                        TensorPrimitives.Round(work, work);
                        var shorts = MemoryMarshal.Cast<byte, short>(output);
                        TensorPrimitives.ConvertSaturating<float, short>(work, shorts);
                        if (!BitConverter.IsLittleEndian)
                        {
                            BinaryPrimitives.ReverseEndianness(shorts, shorts);
                        }

                        break;

                    case WavSampleFormat.Pcm24:
                        TensorPrimitives.Multiply(block, 8388608f, work);
                        TensorPrimitives.Round(work, work);
                        for (int i = 0; i < work.Length; i++)
                        {
                            int value = float.IsNaN(work[i]) ? 0 : (int)Math.Clamp(work[i], -8388608f, 8388607f);
                            output[i * 3] = (byte)value;
                            output[(i * 3) + 1] = (byte)(value >> 8);
                            output[(i * 3) + 2] = (byte)(value >> 16);
                        }

                        break;

                    case WavSampleFormat.Float32:
                        for (int i = 0; i < block.Length; i++)
                        {
                            BinaryPrimitives.WriteSingleLittleEndian(output[(i * 4)..], block[i]);
                        }

                        break;

                    default:
                        for (int i = 0; i < block.Length; i++)
                        {
                            BinaryPrimitives.WriteDoubleLittleEndian(output[(i * 8)..], block[i]);
                        }

                        break;
                }

                stream.Write(output);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<float>.Shared.Return(scaled);
        }
    }
}
