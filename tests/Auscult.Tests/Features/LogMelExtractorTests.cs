using Auscult.Audio;
using Auscult.Dsp;
using Auscult.Features;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Features;

public class LogMelExtractorTests
{
    // The golden log-mel clips: key prefix -> (clip below data/real, channel).
    private static readonly Dictionary<string, string> Clips = new()
    {
        ["dcase2023_fan_normal"] = "dcase2023-dev/fan_train_section_00_source_train_normal_0040_m-n_X.wav",
        ["mimii8ch_fan_abnormal_ch0"] = "mimii-8ch/fan_abnormal.wav",
        ["dcase2020_toycar_anomaly"] = "dcase2020-dev-toycar/anomaly_id_01_00000000.wav",
    };

    private const string ValveClip = "dcase2023-dev/valve_test_section_00_target_test_anomaly_0044_pat_03.wav";

    // 0.01 dB wherever the reference is above -100 dB; below that float32 rounding of a tiny mel energy dominates.
    private const double ToleranceDb = 0.01;
    private const float FloorDb = -100f;

    private static float[] Channel0(string relative) => WavReader.Read(Golden.RealClip(relative)).GetChannel(0);

    // Compares only where the reference is above the floor: elsewhere the actual value is replaced by the expected one
    // so that AssertClose still reports indices of the full array.
    private static void AssertCloseAboveFloor(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var masked = (float[])actual.Clone();
        int compared = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] <= FloorDb)
            {
                masked[i] = expected[i];
            }
            else
            {
                compared++;
            }
        }

        Assert.True(compared > expected.Length / 2, $"only {compared} of {expected.Length} values are above {FloorDb} dB");
        Approx.AssertClose(expected, masked, ToleranceDb);
    }

    [SharedTheory]
    [InlineData("dcase2023_fan_normal")]
    [InlineData("mimii8ch_fan_abnormal_ch0")]
    [InlineData("dcase2020_toycar_anomaly")]
    public void TestReader_DecodesTheSamplesLibrosaDecodes(string key)
    {
        float[] samples = Channel0(Clips[key]);
        Assert.Equal(Golden.Entry($"{key}_sample_count").GetInt32(), samples.Length);
        Approx.AssertClose(Golden.Values($"{key}_first64_samples"), samples.AsSpan(0, 64), 0);
    }

    [SharedTheory]
    [InlineData("dcase2023_fan_normal", 64, PadMode.Constant)]
    [InlineData("dcase2023_fan_normal", 64, PadMode.Reflect)]
    [InlineData("dcase2023_fan_normal", 128, PadMode.Constant)]
    [InlineData("dcase2023_fan_normal", 128, PadMode.Reflect)]
    [InlineData("mimii8ch_fan_abnormal_ch0", 64, PadMode.Constant)]
    [InlineData("mimii8ch_fan_abnormal_ch0", 64, PadMode.Reflect)]
    [InlineData("mimii8ch_fan_abnormal_ch0", 128, PadMode.Constant)]
    [InlineData("mimii8ch_fan_abnormal_ch0", 128, PadMode.Reflect)]
    [InlineData("dcase2020_toycar_anomaly", 64, PadMode.Constant)]
    [InlineData("dcase2020_toycar_anomaly", 64, PadMode.Reflect)]
    [InlineData("dcase2020_toycar_anomaly", 128, PadMode.Constant)]
    [InlineData("dcase2020_toycar_anomaly", 128, PadMode.Reflect)]
    public void ExtractLogMel_MatchesLibrosaGolden(string key, int bands, PadMode padMode)
    {
        string name = $"{key}_logmel{bands}_{padMode.ToString().ToLowerInvariant()}";
        int[] shape = Golden.Shape(name);
        var extractor = new LogMelExtractor(new FeatureOptions { MelBandCount = bands, PadMode = padMode, ContextFrames = 1 });

        FeatureMatrix logMel = extractor.ExtractLogMel(Channel0(Clips[key]));

        // The golden layout is librosa's [n_mels, n_frames].
        Assert.Equal(shape, new[] { logMel.Columns, logMel.Rows });
        AssertCloseAboveFloor(Golden.Values(name), logMel.Transpose().Data);
    }

    [SharedTheory]
    [InlineData("dcase2023_fan_normal")]
    [InlineData("mimii8ch_fan_abnormal_ch0")]
    [InlineData("dcase2020_toycar_anomaly")]
    public void Extract_ContextVectorsMatchDcase2020BaselineGolden(string key)
    {
        string name = $"{key}_vectors128x5_reflect";
        var extractor = new LogMelExtractor(FeatureOptions.Dcase2020);

        FeatureMatrix vectors = extractor.Extract(Channel0(Clips[key]));

        Assert.Equal(Golden.Shape(name), new[] { vectors.Rows, vectors.Columns });
        AssertCloseAboveFloor(Golden.Values(name), vectors.Data);
    }

    [SharedFact]
    public void Extract_OfEightChannelClip_UsesChannelZero()
    {
        AudioClip clip = WavReader.Read(Golden.RealClip(Clips["mimii8ch_fan_abnormal_ch0"]));
        Assert.Equal(8, clip.ChannelCount);
        var extractor = new LogMelExtractor(FeatureOptions.Dcase2020);

        FeatureMatrix vectors = extractor.Extract(clip);

        AssertCloseAboveFloor(Golden.Values("mimii8ch_fan_abnormal_ch0_vectors128x5_reflect"), vectors.Data);
    }

    [SharedFact]
    public void ExtractLogMel_DbRefMax_MatchesLibrosaPowerToDb()
    {
        const string name = "dcase2023_valve_anomaly_power_to_db_refmax_nmels64";
        var extractor = new LogMelExtractor(new FeatureOptions
        {
            MelBandCount = 64, PadMode = PadMode.Constant, LogScale = LogScale.DbRefMax, ContextFrames = 1,
        });

        FeatureMatrix logMel = extractor.ExtractLogMel(Channel0(ValveClip));

        Assert.Equal(Golden.Shape(name), new[] { logMel.Columns, logMel.Rows });
        float[] expected = Golden.Values(name);
        AssertCloseAboveFloor(expected, logMel.Transpose().Data);
        Assert.Equal(0f, logMel.Data.Max(), 4);
        Assert.True(logMel.Data.Min() >= -80f);
    }

    [Fact]
    public void ExtractLogMel_DbRefMax_FloorsTopDbBelowTheMaximum()
    {
        // A pure 1 kHz tone: bands far from it are more than 80 dB down and must be floored at exactly -80 dB.
        var tone = new float[16000];
        for (int i = 0; i < tone.Length; i++)
        {
            tone[i] = (float)Math.Sin(2 * Math.PI * 1000.0 * i / 16000);
        }

        var extractor = new LogMelExtractor(new FeatureOptions { MelBandCount = 64, LogScale = LogScale.DbRefMax, ContextFrames = 1 });
        float[] db = extractor.ExtractLogMel(tone).Data;

        Assert.Equal(0f, db.Max(), 5);
        Assert.Equal(-80f, db.Min(), 4);
        Assert.Contains(db, v => v > -80f && v < -1f);
    }

    [Fact]
    public void ExtractLogMel_OfSilence_IsTheEpsilonLevel()
    {
        var extractor = new LogMelExtractor(new FeatureOptions { MelBandCount = 16, ContextFrames = 1 });
        FeatureMatrix logMel = extractor.ExtractLogMel(new float[4000]);

        // 10 log10(2^-52) = -156.54 dB: the baselines' floor.
        Assert.All(logMel.Data, v => Assert.Equal(-156.535f, v, 2));
    }

    [Fact]
    public void ExtractLogMel_OfLouderSignal_RisesByTheGainInDecibels()
    {
        var extractor = new LogMelExtractor(new FeatureOptions { MelBandCount = 32, ContextFrames = 1 });
        var random = new Random(11);
        float[] quiet = [.. Enumerable.Range(0, 8000).Select(_ => (float)((random.NextDouble() - 0.5) * 0.01))];
        float[] loud = [.. quiet.Select(v => v * 10f)];

        float[] a = extractor.ExtractLogMel(quiet).Data;
        float[] b = extractor.ExtractLogMel(loud).Data;

        // Power scales by 100: +20 dB in every band.
        Approx.AssertClose([.. a.Select(v => v + 20f)], b, 1e-3);
    }

    [Fact]
    public void Extract_WithOneContextFrame_IsTheLogMelSpectrogram()
    {
        float[] x = Noise(16000, 5);
        var one = new LogMelExtractor(new FeatureOptions { ContextFrames = 1 });
        Assert.Equal(one.ExtractLogMel(x).Data, one.Extract(x).Data);
    }

    [Fact]
    public void Extract_EqualsStackedLogMel()
    {
        float[] x = Noise(16000, 6);
        var extractor = new LogMelExtractor(new FeatureOptions { MelBandCount = 64, ContextFrames = 5 });
        FeatureMatrix expected = ContextFrames.Stack(extractor.ExtractLogMel(x), 5);

        FeatureMatrix vectors = extractor.Extract(x);

        Assert.Equal(expected.Rows, vectors.Rows);
        Assert.Equal(expected.Data, vectors.Data);
    }

    [Fact]
    public void Extract_SpanOverloadWritesTheSameValues()
    {
        float[] x = Noise(20000, 7);
        var extractor = new LogMelExtractor(FeatureOptions.Dcase2020);
        var buffer = new float[(extractor.VectorCount(x.Length) * extractor.Options.VectorLength) + 3];
        buffer[^1] = 42f;

        extractor.Extract(x, buffer);

        Assert.Equal(extractor.Extract(x).Data, buffer[..^3]);
        Assert.Equal(42f, buffer[^1]);
    }

    [Fact]
    public void Extract_FromManyThreadsAtOnce_EqualsSerial()
    {
        var extractor = new LogMelExtractor(FeatureOptions.Dcase2020);
        float[][] signals = [.. Enumerable.Range(0, 8).Select(i => Noise(16000 + (i * 512), 100 + i))];
        float[][] serial = [.. signals.Select(s => extractor.Extract(s).Data)];

        var parallel = new float[signals.Length][];
        Parallel.For(0, signals.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = extractor.Extract(signals[i]).Data);

        for (int i = 0; i < signals.Length; i++)
        {
            Assert.Equal(serial[i], parallel[i]);
        }
    }

    [Fact]
    public void Extract_OfClipAtAnotherRate_NamesSourceAndBothRates()
    {
        var extractor = new LogMelExtractor(FeatureOptions.Dcase2020);
        var clip = AudioClip.Mono(new float[44100], 44100, "machine/fan_01.wav");

        var error = Assert.Throws<AudioFormatException>(() => extractor.Extract(clip));

        Assert.Contains("machine/fan_01.wav", error.Message);
        Assert.Contains("44100 Hz", error.Message);
        Assert.Contains("16000 Hz", error.Message);
    }

    [Fact]
    public void Extract_SelectsTheConfiguredChannel()
    {
        float[] left = Noise(8000, 1), right = Noise(8000, 2);
        var interleaved = new float[16000];
        for (int i = 0; i < 8000; i++)
        {
            interleaved[2 * i] = left[i];
            interleaved[(2 * i) + 1] = right[i];
        }

        var clip = new AudioClip(interleaved, 2, 16000);
        var extractor = new LogMelExtractor(FeatureOptions.Dcase2020 with { Channel = ChannelSelection.Channel(1) });

        Assert.Equal(extractor.Extract(right).Data, extractor.Extract(clip).Data);
    }

    [Fact]
    public void Extract_OfTooShortSignal_ThrowsClearly()
    {
        var extractor = new LogMelExtractor(FeatureOptions.Dcase2020);
        // 1024 samples give 3 centred frames, fewer than 5.
        var error = Assert.ThrowsAny<AuscultException>(() => extractor.Extract(new float[1024]));
        Assert.Contains("too short", error.Message);
    }

    [Fact]
    public void Constructor_ValidatesOptions()
    {
        Assert.ThrowsAny<AuscultException>(() => new LogMelExtractor(new FeatureOptions { FftSize = 1000 }));
    }

    private static float[] Noise(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1) * 0.1f)];
    }
}
