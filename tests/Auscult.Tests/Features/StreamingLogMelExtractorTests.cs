using Auscult.Dsp;
using Auscult.Features;

namespace Auscult.Tests.Features;

public class StreamingLogMelExtractorTests
{
    private static float[] Signal(int length, int seed)
    {
        // A tone, a chirp and noise: every band carries energy, and nothing repeats with the hop.
        var random = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            double t = i / 16000.0;
            x[i] = (float)((0.3 * Math.Sin(2 * Math.PI * 440 * t)) + (0.2 * Math.Sin(2 * Math.PI * (200 + (900 * t)) * t)) + (0.05 * ((random.NextDouble() * 2) - 1)));
        }

        return x;
    }

    private static FeatureMatrix Stream(LogMelExtractor extractor, float[] signal, int blockSize, bool readAsWeGo)
    {
        var streaming = new StreamingLogMelExtractor(extractor);
        var frames = new List<float>();
        for (int first = 0; first < signal.Length; first += blockSize)
        {
            streaming.Append(signal.AsSpan(first, Math.Min(blockSize, signal.Length - first)));
            if (readAsWeGo)
            {
                frames.AddRange(streaming.ReadAll().Data);
            }
        }

        streaming.Complete();
        frames.AddRange(streaming.ReadAll().Data);
        return new FeatureMatrix([.. frames], frames.Count / extractor.Options.MelBandCount, extractor.Options.MelBandCount);
    }

    [Theory]
    [InlineData(1, PadMode.Reflect, 128)]
    [InlineData(7, PadMode.Reflect, 128)]
    [InlineData(511, PadMode.Reflect, 64)]
    [InlineData(512, PadMode.Reflect, 128)]
    [InlineData(1000, PadMode.Constant, 128)]
    [InlineData(4096, PadMode.Constant, 64)]
    [InlineData(160_000, PadMode.Reflect, 128)]
    public void Frames_OfAnyBlockSize_EqualOfflineExtractionBitForBit(int blockSize, PadMode padMode, int mels)
    {
        var extractor = new LogMelExtractor(new FeatureOptions { PadMode = padMode, MelBandCount = mels });
        float[] signal = Signal(160_000 + 123, seed: blockSize);

        var offline = extractor.ExtractLogMel(signal);
        var streamed = Stream(extractor, signal, blockSize, readAsWeGo: blockSize % 2 == 1);

        Assert.Equal(offline.Rows, streamed.Rows);
        Assert.Equal(offline.Data, streamed.Data); // exact: the same arithmetic, frame by frame
    }

    [Fact]
    public void Frames_AreEmittedBeforeTheEnd_AndTheLastOnesAtComplete()
    {
        var extractor = new LogMelExtractor(new FeatureOptions());
        var streaming = new StreamingLogMelExtractor(extractor);

        streaming.Append(Signal(16_000, seed: 1)); // 1 s: frames whose window ends by sample 16,000
        long early = streaming.FramesComputed;
        streaming.Complete();

        Assert.Equal((16_000 - 512) / 512 + 1, early); // frame t ends at 512 t + 512
        Assert.Equal(extractor.FrameCount(16_000), streaming.FramesComputed);
    }

    [Fact]
    public void Buffer_StaysSmall_ForALongStream()
    {
        var extractor = new LogMelExtractor(new FeatureOptions());
        var streaming = new StreamingLogMelExtractor(extractor);
        float[] block = Signal(16_000, seed: 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 60; i++)
        {
            streaming.Append(block); // a minute, read as it goes
            streaming.ReadAll();
        }

        long perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / streaming.FramesComputed;
        Assert.True(perFrame < 2 * 128 * sizeof(float) + 256, $"{perFrame} bytes allocated per frame"); // the frames, not the signal
    }

    [Fact]
    public void RefMaxScale_CannotStream()
    {
        var extractor = new LogMelExtractor(new FeatureOptions { LogScale = LogScale.DbRefMax });

        Assert.Throws<ConfigurationException>(() => new StreamingLogMelExtractor(extractor));
    }

    [Fact]
    public void Complete_OfTooShortASignal_ThrowsInputException()
    {
        var streaming = new StreamingLogMelExtractor(new LogMelExtractor(new FeatureOptions()));
        streaming.Append(new float[100]);

        Assert.Throws<InputException>(streaming.Complete);
    }
}
