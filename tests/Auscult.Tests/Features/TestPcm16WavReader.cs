using System.Buffers.Binary;
using Auscult.Audio;

namespace Auscult.Tests.Features;

/// <summary>
/// A minimal 16-bit PCM WAV reader for the golden clips only: plain PCM (format 1) and WAVE_FORMAT_EXTENSIBLE with
/// the PCM sub-format, any channel count, samples scaled by 1/32768 as soundfile and librosa do.
/// Test-only and temporary: it will be replaced by the library's <c>WavReader</c> when that lands.
/// </summary>
internal static class TestPcm16WavReader
{
    public static AudioClip Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> data = bytes;
        if (data.Length < 12 || !data[..4].SequenceEqual("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException($"{path}: not RIFF/WAVE.");
        }

        int channels = 0, rate = 0;
        int position = 12;
        while (position + 8 <= data.Length)
        {
            ReadOnlySpan<byte> id = data.Slice(position, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(position + 4, 4));
            ReadOnlySpan<byte> body = data.Slice(position + 8, Math.Min(size, data.Length - position - 8));
            if (id.SequenceEqual("fmt "u8))
            {
                int format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                int bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
                if (format == 0xFFFE)
                {
                    // The sub-format GUID starts with the format tag it stands for.
                    format = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
                }

                if (format != 1 || bits != 16)
                {
                    throw new InvalidDataException($"{path}: only 16-bit PCM is supported by this test reader.");
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels == 0)
                {
                    throw new InvalidDataException($"{path}: data before fmt.");
                }

                int count = body.Length / 2 / channels * channels;
                var samples = new float[count];
                for (int i = 0; i < count; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body.Slice(2 * i, 2)) / 32768f;
                }

                return new AudioClip(samples, channels, rate, path);
            }

            position += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path}: no data chunk.");
    }
}
