using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Auscult.Audio;

/// <summary>
/// Converts stored WAV samples to float32 with libsndfile's scaling (what soundfile and <c>librosa.load</c> return):
/// every integer is converted to float and multiplied by a power of two, so the result is exact and bit-identical
/// to the reference.
/// </summary>
internal static class WavSampleDecoder
{
    public static int BytesPerSample(WavSampleEncoding encoding) => encoding switch
    {
        WavSampleEncoding.UInt8 => 1,
        WavSampleEncoding.Int16 => 2,
        WavSampleEncoding.Int24 => 3,
        WavSampleEncoding.Int32 or WavSampleEncoding.Float32 => 4,
        WavSampleEncoding.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    /// <summary>
    /// Decodes <c>destination.Length</c> samples from <paramref name="source"/> (little-endian bytes). On a big-endian
    /// host the bytes are swapped in place first, so <paramref name="source"/> may be modified.
    /// </summary>
    public static void Decode(WavSampleEncoding encoding, Span<byte> source, Span<float> destination)
    {
        int count = destination.Length;
        switch (encoding)
        {
            case WavSampleEncoding.UInt8:
                TensorPrimitives.ConvertChecked<byte, float>(source[..count], destination);
                // (x - 128) / 128 = x / 128 - 1; both steps are exact for x in 0..255.
                TensorPrimitives.Multiply(destination, 1f / 128, destination);
                TensorPrimitives.Add(destination, -1f, destination);
                break;

            case WavSampleEncoding.Int16:
                DecodeInt16(AsLittleEndian<short>(source, count), destination);
                break;

            case WavSampleEncoding.Int24:
                DecodeInt24(source[..(count * 3)], destination);
                break;

            case WavSampleEncoding.Int32:
                // int -> float rounds to 24 significant bits (nearest, ties to even) like libsndfile's (float) cast.
                TensorPrimitives.ConvertChecked<int, float>(AsLittleEndian<int>(source, count), destination);
                TensorPrimitives.Multiply(destination, 1f / 2147483648f, destination);
                break;

            case WavSampleEncoding.Float32:
                AsLittleEndian<int>(source, count);
                MemoryMarshal.Cast<byte, float>(source[..(count * 4)]).CopyTo(destination);
                break;

            case WavSampleEncoding.Float64:
                AsLittleEndian<long>(source, count);
                TensorPrimitives.ConvertTruncating<double, float>(MemoryMarshal.Cast<byte, double>(source[..(count * 8)]), destination);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(encoding));
        }
    }

    private static ReadOnlySpan<T> AsLittleEndian<T>(Span<byte> source, int count)
        where T : struct
    {
        Span<T> values = MemoryMarshal.Cast<byte, T>(source[..(count * Unsafe.SizeOf<T>())]);
        if (!BitConverter.IsLittleEndian)
        {
            SwapInPlace(MemoryMarshal.AsBytes(values), Unsafe.SizeOf<T>());
        }

        return values;
    }

    private static void SwapInPlace(Span<byte> bytes, int width)
    {
        switch (width)
        {
            case 2:
                var shorts = MemoryMarshal.Cast<byte, short>(bytes);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = MemoryMarshal.Cast<byte, int>(bytes);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            default:
                var longs = MemoryMarshal.Cast<byte, long>(bytes);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }

    /// <summary>x / 32768 for every int16: MIMII's and DCASE's format, so the hot path.</summary>
    private static void DecodeInt16(ReadOnlySpan<short> source, Span<float> destination)
    {
        const float Scale = 1f / 32768;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Measured on 160 000 samples (Release, Stopwatch best of 400): TensorPrimitives.ConvertChecked<short, float>
            // then Multiply took 172 us, ConvertTruncating 162 us, this single pass 49 us (BenchmarkDotNet:
            // WavDecodeBenchmarks.MonoPcm16ConvertOnly, 27.5 us). It widens 16 shorts to two vectors of 8 ints,
            // converts them to float (exact) and scales by 2^-15 (exact); the scalar loop finishes the < 16 remainder.
            ref short from = ref MemoryMarshal.GetReference(source);
            ref float to = ref MemoryMarshal.GetReference(destination);
            var scale = Vector256.Create(Scale);
            for (; i <= source.Length - Vector256<short>.Count; i += Vector256<short>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref from, (nuint)i));
                (Vector256.ConvertToSingle(low) * scale).StoreUnsafe(ref to, (nuint)i);
                (Vector256.ConvertToSingle(high) * scale).StoreUnsafe(ref to, (nuint)(i + Vector256<int>.Count));
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i] * Scale;
        }
    }

    private static void DecodeInt24(ReadOnlySpan<byte> source, Span<float> destination)
    {
        // Each sample is shifted into the top three bytes of an int (sign extension for free) and scaled by 2^-31:
        // the same value as x / 2^23 and what libsndfile computes. All but the last sample are read as a 4-byte
        // little-endian word whose fourth byte (the next sample's) is shifted out.
        const float Scale = 1f / 2147483648f;
        int last = destination.Length - 1;
        for (int i = 0; i < last; i++)
        {
            destination[i] = (BinaryPrimitives.ReadInt32LittleEndian(source[(i * 3)..]) << 8) * Scale;
        }

        int tail = source[last * 3] << 8 | source[(last * 3) + 1] << 16 | source[(last * 3) + 2] << 24;
        destination[last] = tail * Scale;
    }
}
