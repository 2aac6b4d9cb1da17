using System.Buffers.Binary;
using Auscult.Audio;
using Auscult.Tests.TestSupport;
using static Auscult.Tests.Audio.WavBytes;

namespace Auscult.Tests.Audio;

public sealed class WavReaderTests : IDisposable
{
    private const string Name = "machine.wav";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static AudioClip Read(byte[] bytes) => WavReader.Read(new MemoryStream(bytes), Name);

    /// <summary>Asserts that decoding fails with a message that names the file and contains every fragment.</summary>
    private static AudioFormatException AssertRejected(byte[] bytes, params string[] fragments)
    {
        var error = Assert.Throws<AudioFormatException>(() => Read(bytes));
        Assert.Equal(Name, error.Path);
        Assert.StartsWith(Name + ": ", error.Message);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Problem);
        }

        return error;
    }

    // ---- sample encodings -------------------------------------------------------------------------------------

    [Fact]
    public void Read_Pcm8_IsUnsignedAroundTheMidpoint()
    {
        var clip = Read(Riff(Fmt(Pcm, 1, 8000, 8), DataChunk([0, 64, 128, 129, 255, 7])));
        Assert.Equal([-1f, -0.5f, 0f, 1f / 128, 127f / 128, -121f / 128], clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_Pcm16_ScalesByTwoToThe15()
    {
        var clip = Read(MonoPcm16(-32768, -1, 0, 1, 16384, 32767));
        Assert.Equal([-1f, -1f / 32768, 0f, 1f / 32768, 0.5f, 32767f / 32768], clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_Pcm24_ScalesByTwoToThe23()
    {
        var clip = Read(Riff(Fmt(Pcm, 1, 48000, 24), DataChunk(Int24(-8388608, -1, 0, 1, 0x123456, 8388607))));
        Assert.Equal([-1f, -1f / 8388608, 0f, 1f / 8388608, 0x123456 / 8388608f, 8388607f / 8388608], clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_Pcm32_RoundsToFloatThenScalesByTwoToThe31()
    {
        // libsndfile converts the int to float (24 significant bits, nearest) before scaling: int.MaxValue becomes
        // exactly 1.0 and 2^24 + 1 becomes 2^24, i.e. 2^-7.
        var clip = Read(Riff(Fmt(Pcm, 1, 48000, 32), DataChunk(Int32(int.MinValue, -1, 0, 1 << 16, 16777217, int.MaxValue))));
        Assert.Equal([-1f, -1f / 2147483648f, 0f, 1f / 32768, 0.0078125f, 1f], clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_Float32_CopiesTheBits()
    {
        float[] values = [0.1f, -1.5f, 3.4e38f, float.Epsilon, -0f, 2f];
        var clip = Read(Riff(Fmt(IeeeFloat, 1, 16000, 32), DataChunk(Float32(values))));
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), clip.Interleaved.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Read_Float64_RoundsToTheNearestFloat()
    {
        double[] values = [0.1, 1.0 / 3, -2.5, 1e-40];
        var clip = Read(Riff(Fmt(IeeeFloat, 1, 16000, 64), DataChunk(Float64(values))));
        Assert.Equal(values.Select(v => (float)v), clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_Stereo_KeepsFramesInterleavedAndReportsTheLayout()
    {
        var clip = Read(Riff(Fmt(Pcm, 2, 22050, 16), DataChunk(Int16(1, -1, 2, -2, 3, -3))));
        Assert.Equal(2, clip.ChannelCount);
        Assert.Equal(22050, clip.SampleRate);
        Assert.Equal(3, clip.FrameCount);
        Assert.Equal([1f / 32768, 2f / 32768, 3f / 32768], clip.GetChannel(0));
        Assert.Equal([-1f / 32768, -2f / 32768, -3f / 32768], clip.GetChannel(1));
    }

    [Fact]
    public void Read_ExtensiblePcm_DecodesEightChannels()
    {
        short[] values = Enumerable.Range(0, 8 * 3).Select(i => (short)((i * 1000) - 12000)).ToArray();
        var clip = Read(Riff(FmtExtensible(Pcm, 8, 16000, 16, channelMask: 0xFF), Chunk("fact", new byte[4]), DataChunk(Int16(values))));
        Assert.Equal(8, clip.ChannelCount);
        Assert.Equal(3, clip.FrameCount);
        Assert.Equal(values.Select(v => v / 32768f), clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_ExtensibleFloat_DecodesFloat()
    {
        var clip = Read(Riff(FmtExtensible(IeeeFloat, 1, 16000, 32), DataChunk(Float32(0.25f, -0.75f))));
        Assert.Equal([0.25f, -0.75f], clip.Interleaved.ToArray());
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void Read_ClipLongerThanOneBlock_DecodesEverySample(int bits)
    {
        // 40 001 samples in blocks of 1000 (and the Vector256 int16 loop's 16 lanes) end on partial blocks.
        const int Count = 40_001;
        var expected = new float[Count];
        var data = new byte[Count * bits / 8];
        for (int i = 0; i < Count; i++)
        {
            int step = (i * 7919) % 255; // 0..254, scattered
            switch (bits)
            {
                case 8:
                    data[i] = (byte)step;
                    expected[i] = (step - 128) / 128f;
                    break;
                case 16:
                    BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), (short)((step - 127) * 250));
                    expected[i] = (step - 127) * 250 / 32768f;
                    break;
                case 24:
                    Int24((step - 127) * 65000).CopyTo(data, i * 3);
                    expected[i] = (step - 127) * 65000 / 8388608f;
                    break;
                default:
                    BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(i * 4), (step - 127) << 24);
                    expected[i] = (step - 127) / 128f;
                    break;
            }
        }

        var clip = WavReader.Read(new MemoryStream(Riff(Fmt(Pcm, 1, 16000, bits), DataChunk(data))), Name, blockSamples: 1000);
        Approx.AssertClose(expected, clip.Interleaved, absTol: 0);
    }

    // ---- chunk walking ----------------------------------------------------------------------------------------

    [Fact]
    public void Read_UnknownChunkBeforeFmt_IsSkipped()
    {
        var clip = Read(Riff(Chunk("LIST", new byte[26]), Fmt(Pcm, 1, 16000, 16), DataChunk(Int16(100))));
        Assert.Equal([100f / 32768], clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_OddSizedChunk_IsFollowedByAPadByte()
    {
        // A 3-byte chunk occupies 4 bytes; reading 'fmt ' one byte early would fail.
        byte[] bytes = Riff(Chunk("junk", [1, 2, 3]), Fmt(Pcm, 1, 16000, 16), DataChunk(Int16(-200)));
        Assert.Equal(12 + 12 + 24 + 10, bytes.Length);
        Assert.Equal([-200f / 32768], Read(bytes).Interleaved.ToArray());
    }

    [Fact]
    public void Read_OddSizedData_Pcm24_DecodesAndIgnoresThePadByte()
    {
        var clip = Read(Riff(Fmt(Pcm, 1, 16000, 24), DataChunk(Int24(1, 2, 3)), Chunk("LIST", new byte[4])));
        Assert.Equal([1f / 8388608, 2f / 8388608, 3f / 8388608], clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_DataBeforeFmt_IsFound()
    {
        var clip = Read(Riff(DataChunk(Int16(5, 6)), Fmt(Pcm, 1, 16000, 16)));
        Assert.Equal([5f / 32768, 6f / 32768], clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_WrongRiffSize_IsIgnored()
    {
        var clip = Read(RiffWithSize(0, Fmt(Pcm, 1, 16000, 16), DataChunk(Int16(7))));
        Assert.Equal([7f / 32768], clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_TrailingPartialFrame_IsDropped()
    {
        // Stereo 16-bit: 6 bytes are one whole frame and half of the next.
        var clip = Read(Riff(Fmt(Pcm, 2, 16000, 16), DataChunk(Int16(1, 2, 3))));
        Assert.Equal(1, clip.FrameCount);
        Assert.Equal([1f / 32768, 2f / 32768], clip.Interleaved.ToArray());
    }

    [Fact]
    public void Read_NonSeekableStream_Decodes()
    {
        var stream = new ForwardOnlyStream(Riff(DataChunk(Int16(9)), Fmt(Pcm, 1, 16000, 16)));
        Assert.Equal([9f / 32768], WavReader.Read(stream, Name).Interleaved.ToArray());
    }

    [Fact]
    public void Read_Stream_StartsAtTheCurrentPosition()
    {
        var stream = new MemoryStream([0xAA, 0xBB, .. MonoPcm16(11)]) { Position = 2 };
        Assert.Equal([11f / 32768], WavReader.Read(stream, Name).Interleaved.ToArray());
    }

    [Fact]
    public void Read_Path_UsesThePathAsSource()
    {
        string path = _temp.Combine("clip.wav");
        File.WriteAllBytes(path, MonoPcm16(1, 2));
        var clip = WavReader.Read(path);
        Assert.Equal(path, clip.Source);
        Assert.Equal([1f / 32768, 2f / 32768], clip.Interleaved.ToArray());
    }

    [Fact]
    public void ReadInfo_ReportsTheHeader()
    {
        string path = _temp.Combine("info.wav");
        File.WriteAllBytes(path, Riff(Chunk("LIST", new byte[10]), Fmt(Pcm, 2, 44100, 24), DataChunk(new byte[44100 * 6 / 2])));
        var info = WavReader.ReadInfo(path);
        Assert.Equal(new WavInfo("PCM", 1, 24, 2, 44100, 22050), info);
        Assert.Equal(TimeSpan.FromSeconds(0.5), info.Duration);
    }

    [Fact]
    public void ReadInfo_Extensible_SaysSo()
    {
        var info = WavReader.ReadInfo(new MemoryStream(Riff(FmtExtensible(IeeeFloat, 4, 16000, 32), DataChunk(new byte[32]))), Name);
        Assert.Equal(new WavInfo("IEEE float (WAVE_FORMAT_EXTENSIBLE)", 0xFFFE, 32, 4, 16000, 2), info);
    }

    [Fact]
    public void ReadInfo_TruncatedData_FailsLikeRead()
    {
        byte[] bytes = Riff(Fmt(Pcm, 1, 16000, 16), Chunk("data", new byte[10], declaredSize: 1000));
        var error = Assert.Throws<AudioFormatException>(() => WavReader.ReadInfo(new MemoryStream(bytes), Name));
        Assert.Contains("truncated data", error.Problem);
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    [Fact]
    public void Read_EmptyFile_SaysEmpty() => AssertRejected([], "empty (0 bytes)");

    [Fact]
    public void Read_Mp3WithId3Tag_SaysNotRiffAndShowsTheStart() =>
        AssertRejected([(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            "not a RIFF/WAVE file", "starts with 'ID3' (49 44 33 04)", "MP3");

    [Fact]
    public void Read_BinaryGarbage_ShowsTheFirstBytesInHex() =>
        AssertRejected([0x00, 0x01, 0xFE, 0x7F, 0x10], "not a RIFF/WAVE file: it starts with bytes 00 01 FE 7F.");

    [Fact]
    public void Read_RiffOfAnotherForm_NamesTheForm()
    {
        byte[] bytes = Riff(Fmt(Pcm, 1, 16000, 16));
        "AVI "u8.CopyTo(bytes.AsSpan(8));
        AssertRejected(bytes, "form type 'AVI '", "not 'WAVE'");
    }

    [Fact]
    public void Read_BigEndianRifx_SaysUnsupported() => AssertRejected("RIFX\0\0\0\0WAVE"u8.ToArray(), "big-endian RIFX");

    [Fact]
    public void Read_TruncatedRiffHeader_SaysTruncatedHeader() => AssertRejected("RIFF\x10\0\0"u8.ToArray(), "truncated header", "7 bytes");

    [Fact]
    public void Read_FmtChunkTooShort_SaysTruncatedHeader() =>
        AssertRejected(Riff(Chunk("fmt ", new byte[14]), DataChunk(Int16(1))), "truncated header", "'fmt ' chunk holds 14 bytes");

    [Fact]
    public void Read_FmtChunkCutOff_SaysTruncatedHeader()
    {
        byte[] bytes = Riff(Fmt(Pcm, 1, 16000, 16));
        AssertRejected(bytes[..^6], "truncated header", "declares 16 bytes");
    }

    [Fact]
    public void Read_DataChunkOverrunningTheFile_SaysTruncatedData() =>
        AssertRejected(Riff(Fmt(Pcm, 1, 16000, 16), Chunk("data", new byte[100], declaredSize: 2000)),
            "truncated data", "declares 2000 bytes", "holds only 100");

    [Fact]
    public void Read_NoFmtChunk_ListsTheChunksFound() =>
        AssertRejected(Riff(Chunk("LIST", new byte[4]), DataChunk(Int16(1))), "no 'fmt ' chunk", "'LIST', 'data'");

    [Fact]
    public void Read_NoDataChunk_SaysSo() =>
        AssertRejected(Riff(Fmt(Pcm, 1, 16000, 16), Chunk("LIST", new byte[4])), "no 'data' chunk", "'fmt ', 'LIST'");

    [Fact]
    public void Read_Mp3FormatTag_NamesTheTag() =>
        AssertRejected(Riff(Fmt(0x0055, 1, 16000, 16), DataChunk(Int16(1))),
            "format tag 0x0055 (MPEG Layer 3) is not supported; Auscult reads PCM and IEEE float WAV");

    [Fact]
    public void Read_ExtensibleWithUnknownSubFormat_NamesTheGuid()
    {
        byte[] fmt = FmtExtensible(Pcm, 1, 16000, 16);
        fmt[8 + 24 + 15] = 0x00; // break the fixed GUID tail
        AssertRejected(Riff(fmt, DataChunk(Int16(1))), "WAVE_FORMAT_EXTENSIBLE sub-format", "00000001-0000-0010-8000-00aa00389b00", "not supported");
    }

    [Fact]
    public void Read_ExtensibleAlaw_NamesTheSubFormat() =>
        AssertRejected(Riff(FmtExtensible(0x0006, 1, 16000, 8), DataChunk([1])), "sub-format 0x0006 (A-law) is not supported");

    [Fact]
    public void Read_Pcm12Bits_SaysUnsupportedBitsPerSample() =>
        AssertRejected(Riff(Fmt(Pcm, 1, 16000, 12, blockAlign: 2), DataChunk(Int16(1))), "PCM with 12 bits per sample is not supported");

    [Fact]
    public void Read_Float16_SaysUnsupportedBitsPerSample() =>
        AssertRejected(Riff(Fmt(IeeeFloat, 1, 16000, 16), DataChunk(Int16(1))), "IEEE float with 16 bits per sample is not supported");

    [Fact]
    public void Read_ZeroChannels_SaysSo() =>
        AssertRejected(Riff(Fmt(Pcm, 0, 16000, 16, blockAlign: 2), DataChunk(Int16(1))), "zero channels");

    [Fact]
    public void Read_ZeroSampleRate_SaysSo() =>
        AssertRejected(Riff(Fmt(Pcm, 1, 0, 16), DataChunk(Int16(1))), "sample rate of 0 Hz");

    [Fact]
    public void Read_EmptyDataChunk_SaysNoSamples() =>
        AssertRejected(Riff(Fmt(Pcm, 1, 16000, 16), DataChunk([])), "no samples", "empty");

    [Fact]
    public void Read_DataShorterThanOneFrame_SaysNoSamples() =>
        AssertRejected(Riff(Fmt(Pcm, 2, 16000, 16), DataChunk([1, 2])), "no samples", "less than one frame (4 bytes)");

    [Fact]
    public void Read_BlockAlignInconsistent_SaysExpectedValue() =>
        AssertRejected(Riff(Fmt(Pcm, 2, 16000, 16, blockAlign: 2), DataChunk(Int16(1, 2))),
            "block align 2 is inconsistent with 2 channels of 16 bits (expected 4 bytes per frame)");

    [Fact]
    public void Read_MissingFile_NamesTheFile()
    {
        string path = _temp.Combine("absent.wav");
        var error = Assert.Throws<InputException>(() => WavReader.Read(path));
        Assert.Equal($"{path}: no such file.", error.Message);
    }

    [Fact]
    public void Read_Folder_SaysItIsAFolder()
    {
        var error = Assert.Throws<InputException>(() => WavReader.Read(_temp.Path));
        Assert.Contains("is a folder", error.Message);
    }

    [Fact]
    public void Read_BadFileOnDisk_NamesThePath()
    {
        string path = _temp.Combine("song.wav");
        File.WriteAllBytes(path, "ID3\u0004"u8.ToArray());
        var error = Assert.Throws<AudioFormatException>(() => WavReader.Read(path));
        Assert.Equal(path, error.Path);
        Assert.StartsWith(path + ": not a RIFF/WAVE file", error.Message);
    }

    // ---- real clips against librosa.load(sr=None, mono=False) -------------------------------------------------

    [SharedFact]
    public void Read_MimiiEightChannelClip_MatchesLibrosaOnEveryChannel()
    {
        const string Key = "mimii8ch_fan_abnormal_ch0_first64_samples_all_channels";
        Assert.Equal([8, 64], Golden.Shape(Key));
        float[] expected = Golden.Values(Key); // [channel, sample]
        var clip = WavReader.Read(SharedFolder.Combine("data", "real", "mimii-8ch", "fan_abnormal.wav"));

        Assert.Equal(8, clip.ChannelCount);
        Assert.Equal(16000, clip.SampleRate);
        Assert.Equal(Golden.Entry("mimii8ch_fan_abnormal_ch0_sample_count").GetInt32(), clip.FrameCount);
        for (int channel = 0; channel < 8; channel++)
        {
            Approx.AssertClose(expected.AsSpan(channel * 64, 64), clip.GetChannel(channel).AsSpan(0, 64), absTol: 0);
        }
    }

    [SharedTheory]
    [InlineData("mimii8ch_fan_abnormal_ch0_first64_samples", "mimii8ch_fan_abnormal_ch0_sample_count")]
    [InlineData("dcase2023_fan_normal_first64_samples", "dcase2023_fan_normal_sample_count")]
    [InlineData("dcase2020_toycar_anomaly_first64_samples", "dcase2020_toycar_anomaly_sample_count")]
    public void Read_RealClip_Channel0MatchesLibrosaExactly(string samplesKey, string countKey)
    {
        var clip = WavReader.Read(Golden.ClipPath(samplesKey));
        float[] channel0 = clip.GetChannel(0);
        Assert.Equal(Golden.Entry(countKey).GetInt32(), channel0.Length);
        Approx.AssertClose(Golden.Values(samplesKey), channel0.AsSpan(0, 64), absTol: 0);
    }

    [SharedFact]
    public void ReadInfo_MimiiClip_IsExtensiblePcm16EightChannelsTenSeconds()
    {
        var info = WavReader.ReadInfo(SharedFolder.Combine("data", "real", "mimii-8ch", "fan_abnormal.wav"));
        Assert.Equal(new WavInfo("PCM (WAVE_FORMAT_EXTENSIBLE)", 0xFFFE, 16, 8, 16000, 160_000), info);
        Assert.Equal(TimeSpan.FromSeconds(10), info.Duration);
    }

    [SharedFact]
    public void ReadInfo_EveryRealClip_AgreesWithTheDecodedClip()
    {
        string[] paths = Directory.GetFiles(SharedFolder.Combine("data", "real"), "*.wav", SearchOption.AllDirectories);
        Assert.NotEmpty(paths);
        foreach (string path in paths)
        {
            var info = WavReader.ReadInfo(path);
            var clip = WavReader.Read(path);
            Assert.Equal((16000, 16), (info.SampleRate, info.BitsPerSample));
            Assert.Equal((info.ChannelCount, info.FrameCount), (clip.ChannelCount, (long)clip.FrameCount));
            Assert.InRange(info.Duration.TotalSeconds, 10, 12);
        }
    }

    /// <summary>A stream that can only be read forward, like a network or pipe stream.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
