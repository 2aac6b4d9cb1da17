using System.Buffers;

namespace Auscult.Audio;

/// <summary>
/// Decodes RIFF/WAVE files to interleaved float32: PCM 8, 16, 24 and 32 bit, IEEE float 32 and 64 bit, plain or
/// WAVE_FORMAT_EXTENSIBLE (MIMII's 8-channel recordings), any channel count.
/// </summary>
/// <remarks>
/// <para>
/// Scaling matches soundfile (libsndfile) and therefore <c>librosa.load(sr=None, mono=False)</c> bit for bit:
/// unsigned 8-bit is (x - 128) / 128, signed PCM is x / 2^(bits - 1) (int16 / 32768), float is copied and double
/// rounded to the nearest float.
/// </para>
/// <para>
/// Chunk rules: unknown chunks are skipped, odd-sized chunks are followed by a pad byte, <c>fmt </c> and <c>data</c>
/// may come in either order, the RIFF size field is not trusted (chunks are walked to the end of the file). A
/// <c>data</c> chunk that declares more bytes than the file holds is an error, never a silently shorter clip; a
/// trailing partial frame is dropped. Every format problem is an <see cref="AudioFormatException"/> that names the
/// file; a missing or unreadable file is an <see cref="AuscultException"/> that names it.
/// </para>
/// </remarks>
public static class WavReader
{
    // Samples read and converted per block. A 10-s clip (160 000 samples per channel) of up to 6 channels is one
    // read; blocks of 16 Ki samples, though cache-sized, made a mono decode ~2x slower (Stopwatch, 171 vs 83 us with
    // 64 Ki blocks, 55 us with one block). The cap bounds the pooled scratch (8 MiB for float64) on long recordings.
    private const int BlockSamples = 1 << 20;

    /// <summary>Decodes the WAV file at <paramref name="path"/>; the clip's <see cref="AudioClip.Source"/> is the path.</summary>
    /// <exception cref="AudioFormatException">The file is not a WAV file Auscult can decode.</exception>
    /// <exception cref="AuscultException">The file does not exist or cannot be read.</exception>
    public static AudioClip Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var source = Open(path);
        return Decode(source, path, BlockSamples);
    }

    /// <summary>
    /// As <see cref="Read(string)"/>, but <paramref name="check"/> sees the header before anything is decoded and may
    /// refuse the file by throwing (the loader's limits), so a refused file costs no sample memory.
    /// </summary>
    internal static AudioClip Read(string path, Action<WavInfo> check)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var source = Open(path);
        var header = WavHeader.Parse(source, path);
        check(header.ToInfo());
        return Decode(source, path, BlockSamples, header);
    }

    /// <summary>
    /// Decodes a WAV file from <paramref name="stream"/>, starting at its current position. A stream that cannot seek
    /// is buffered in memory first.
    /// </summary>
    /// <param name="stream">The WAV bytes; left positioned somewhere after the header.</param>
    /// <param name="sourceName">Names the audio in error messages and in <see cref="AudioClip.Source"/>; may be null.</param>
    public static AudioClip Read(Stream stream, string? sourceName) => Read(stream, sourceName, BlockSamples);

    /// <summary>Upload size <see cref="ReadAsync"/> accepts by default: 16 MiB, 52 s of 16-bit 16 kHz mono, 6.6 s of 8 channels.</summary>
    public const long DefaultMaxStreamBytes = 16L << 20;

    /// <summary>
    /// Decodes a WAV file from a stream read asynchronously to its end, seekable or not (a request body): the bytes are
    /// read once into pooled memory and decoded from there, never copied again.
    /// </summary>
    /// <param name="stream">The WAV bytes, from its current position to its end.</param>
    /// <param name="sourceName">Names the audio in error messages and in <see cref="AudioClip.Source"/>; may be null.</param>
    /// <param name="maxBytes">A stream longer than this is refused as soon as the excess arrives.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="AudioFormatException">The bytes are not a WAV file Auscult can decode.</exception>
    /// <exception cref="InputException">The stream is longer than <paramref name="maxBytes"/> or cannot be read.</exception>
    public static async Task<AudioClip> ReadAsync(Stream stream, string? sourceName, long maxBytes = DefaultMaxStreamBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        using var source = await WavByteSource.ReadAllAsync(stream, maxBytes, sourceName, cancellationToken).ConfigureAwait(false);
        return Decode(source, sourceName, BlockSamples);
    }

    /// <summary>As <see cref="Read(Stream, string?)"/> with a chosen block size, so tests can cross block boundaries.</summary>
    internal static AudioClip Read(Stream stream, string? sourceName, int blockSamples)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var source = WavByteSource.FromStream(stream);
        return Decode(source, sourceName, blockSamples);
    }

    /// <summary>
    /// Reads only the header of the WAV file at <paramref name="path"/>. It validates exactly what <see cref="Read(string)"/>
    /// does (including a truncated <c>data</c> chunk), so a file that passes here decodes.
    /// </summary>
    public static WavInfo ReadInfo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var source = Open(path);
        return WavHeader.Parse(source, path).ToInfo();
    }

    /// <summary>Reads only the header of a WAV file in <paramref name="stream"/>; see <see cref="ReadInfo(string)"/>.</summary>
    public static WavInfo ReadInfo(Stream stream, string? sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var source = WavByteSource.FromStream(stream);
        return WavHeader.Parse(source, sourceName).ToInfo();
    }

    private static WavByteSource Open(string path)
    {
        try
        {
            return WavByteSource.OpenFile(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: no such file.", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InputException(Directory.Exists(path) ? $"{path}: is a folder, not a WAV file." : $"{path}: cannot be read (access denied).", ex);
        }
        catch (IOException ex)
        {
            throw new InputException($"{path}: cannot be read: {ex.Message}", ex);
        }
    }

    private static AudioClip Decode(WavByteSource source, string? name, int blockSamples, WavHeader? parsed = null)
    {
        var header = parsed ?? WavHeader.Parse(source, name);
        // Every element is written, so skip the zeroing of a (usually large-object-heap) array.
        float[] samples = GC.AllocateUninitializedArray<float>(header.SampleCount);
        DecodeSamples(source, name, header, blockSamples, samples);
        return new AudioClip(samples, header.ChannelCount, header.SampleRate, name);
    }

    /// <summary>
    /// Decodes the WAV file at <paramref name="path"/> when it is mono at <paramref name="sampleRate"/> Hz, into an
    /// array rented from the shared pool; null (nothing rented) when it has other channels or another rate.
    /// <paramref name="check"/> sees the header first and may refuse the file by throwing.
    /// </summary>
    /// <exception cref="AudioFormatException">The file is not a WAV file Auscult can decode.</exception>
    /// <exception cref="AuscultException">The file does not exist or cannot be read.</exception>
    internal static PooledSamples? TryReadMonoPooled(string path, int sampleRate, Action<WavInfo>? check = null)
    {
        using var source = Open(path);
        var header = WavHeader.Parse(source, path);
        if (header.ChannelCount != 1 || header.SampleRate != sampleRate)
        {
            return null;
        }

        check?.Invoke(header.ToInfo());
        float[] samples = ArrayPool<float>.Shared.Rent(header.SampleCount);
        try
        {
            DecodeSamples(source, path, header, BlockSamples, samples);
        }
        catch
        {
            ArrayPool<float>.Shared.Return(samples);
            throw;
        }

        return new PooledSamples(samples, header.SampleCount, rented: true);
    }

    /// <summary>Decodes every sample of <paramref name="header"/>'s data chunk into <paramref name="samples"/>, interleaved.</summary>
    private static void DecodeSamples(WavByteSource source, string? name, WavHeader header, int blockSamples, float[] samples)
    {
        int sampleCount = header.SampleCount;
        int bytesPerSample = header.BytesPerSample;
        byte[] scratch = ArrayPool<byte>.Shared.Rent(Math.Min(sampleCount, blockSamples) * bytesPerSample);
        try
        {
            for (int start = 0; start < sampleCount; start += blockSamples)
            {
                int count = Math.Min(blockSamples, sampleCount - start);
                Span<byte> block = scratch.AsSpan(0, count * bytesPerSample);
                source.ReadExactlyAt(header.DataOffset + ((long)start * bytesPerSample), block);
                WavSampleDecoder.Decode(header.Encoding, block, samples.AsSpan(start, count));
            }
        }
        catch (IOException ex)
        {
            throw new InputException($"{name ?? "audio"}: cannot be read: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
