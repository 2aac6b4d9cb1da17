using Auscult.Dsp;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Dsp;

public class StftTests
{
    private static float[] Ramp(int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)Math.Sin(0.37 * i) + (0.001f * i);
        }

        return x;
    }

    // The power spectrum of one explicitly built frame, windowed and transformed: the reference for padding tests.
    private static float[] PowerOf(float[] frame)
    {
        float[] w = HannWindow.Periodic(frame.Length);
        var windowed = frame.Select((v, i) => v * w[i]).ToArray();
        var fft = new RealFft(frame.Length);
        var spectrum = new float[fft.OutputLength];
        var power = new float[fft.BinCount];
        fft.Forward(windowed, spectrum);
        RealFft.PowerSpectrum(spectrum, power);
        return power;
    }

    [Theory]
    [InlineData(160000, 1024, 512, true, 313)]
    [InlineData(176000, 1024, 512, true, 344)]
    [InlineData(513, 1024, 512, true, 2)]
    [InlineData(511, 1024, 512, true, 1)]
    [InlineData(160000, 1024, 512, false, 311)]
    [InlineData(1024, 1024, 512, false, 1)]
    [InlineData(1535, 1024, 512, false, 1)]
    [InlineData(1536, 1024, 512, false, 2)]
    public void FrameCount_MatchesLibrosa(int samples, int fftSize, int hop, bool center, int expected)
    {
        var stft = new Stft(fftSize, hop, center, PadMode.Constant);
        Assert.Equal(expected, stft.FrameCount(samples));
    }

    [Fact]
    public void FrameCount_WithoutCentring_RejectsSignalShorterThanOneFrame()
    {
        var stft = new Stft(1024, 512, center: false);
        var error = Assert.ThrowsAny<AuscultException>(() => stft.FrameCount(1023));
        Assert.Contains("1023", error.Message);
    }

    [Fact]
    public void FrameCount_WithReflect_RejectsSignalNotLongerThanThePad()
    {
        var stft = new Stft(1024, 512, center: true, PadMode.Reflect);
        var error = Assert.ThrowsAny<AuscultException>(() => stft.FrameCount(512));
        Assert.Contains("reflect", error.Message);
        Assert.Equal(2, stft.FrameCount(513));
    }

    [Fact]
    public void FrameCount_WithConstant_AcceptsVeryShortSignal()
    {
        var stft = new Stft(1024, 512, center: true, PadMode.Constant);
        Assert.Equal(1, stft.FrameCount(3));
    }

    [Fact]
    public void PowerSpectrogram_OfPureTone_PeaksAtToneBin()
    {
        const int sampleRate = 16000, n = 1024, bin = 64; // 1000 Hz is exactly bin 64.
        var x = new float[sampleRate];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)Math.Sin(2 * Math.PI * 1000.0 * i / sampleRate);
        }

        var stft = new Stft(n, 512);
        int frames = stft.FrameCount(x.Length);
        var power = new float[frames * stft.BinCount];
        stft.PowerSpectrogram(x, power);

        // Interior frames only: the mirrored edge frames hold sin(w|t|), whose kink spreads the peak.
        for (int t = 1; t < frames - 1; t++)
        {
            var row = power.AsSpan(t * stft.BinCount, stft.BinCount).ToArray();
            Assert.Equal(bin, Array.IndexOf(row, row.Max()));
        }

        // An interior frame: Hann-windowed sine of amplitude 1 has |X[k]| = n / 4 at its bin.
        Approx.AssertClose((n / 4.0) * (n / 4.0), power[(10 * stft.BinCount) + bin], 0, 1e-4);
    }

    [Fact]
    public void PowerFrame_WithConstantPadding_SeesZerosBeforeTheSignal()
    {
        const int n = 64;
        float[] x = Ramp(200);
        var stft = new Stft(n, 16, center: true, PadMode.Constant);
        var power = new float[stft.BinCount];
        stft.PowerFrame(x, 0, power, new float[stft.ScratchLength]);

        var frame = new float[n];
        Array.Copy(x, 0, frame, n / 2, n / 2);
        Approx.AssertClose(PowerOf(frame), power, 1e-4, 1e-5);
    }

    [Fact]
    public void PowerFrame_WithReflectPadding_MirrorsWithoutRepeatingTheEdge()
    {
        const int n = 64;
        float[] x = Ramp(200);
        var stft = new Stft(n, 16, center: true, PadMode.Reflect);
        var scratch = new float[stft.ScratchLength];
        var first = new float[stft.BinCount];
        var last = new float[stft.BinCount];
        int lastFrame = stft.FrameCount(x.Length) - 1;
        stft.PowerFrame(x, 0, first, scratch);
        stft.PowerFrame(x, lastFrame, last, scratch);

        // numpy reflect: padded[-i] = x[i] and padded[len-1+i] = x[len-1-i].
        var head = new float[n];
        var tail = new float[n];
        int tailStart = (lastFrame * 16) - (n / 2);
        for (int i = 0; i < n; i++)
        {
            int h = i - (n / 2);
            head[i] = x[Math.Abs(h)];
            int t = tailStart + i;
            tail[i] = t < x.Length ? x[t] : x[(2 * (x.Length - 1)) - t];
        }

        Approx.AssertClose(PowerOf(head), first, 1e-4, 1e-5);
        Approx.AssertClose(PowerOf(tail), last, 1e-4, 1e-5);
    }

    [Fact]
    public void PowerFrame_ConstantAndReflect_DifferOnlyAtTheEdges()
    {
        float[] x = Ramp(1000);
        var constant = new Stft(64, 16, true, PadMode.Constant);
        var reflect = new Stft(64, 16, true, PadMode.Reflect);
        int frames = constant.FrameCount(x.Length);
        var a = new float[frames * constant.BinCount];
        var b = new float[frames * reflect.BinCount];
        constant.PowerSpectrogram(x, a);
        reflect.PowerSpectrogram(x, b);

        int bins = constant.BinCount;
        Assert.NotEqual(a[0], b[0]);
        Assert.NotEqual(a[((frames - 1) * bins) + 1], b[((frames - 1) * bins) + 1]);
        // Frames 2 .. frames-3 lie wholly inside the signal (hop 16, half-window 32).
        Assert.Equal(a.AsSpan(2 * bins, (frames - 4) * bins).ToArray(), b.AsSpan(2 * bins, (frames - 4) * bins).ToArray());
    }

    [Fact]
    public void PowerSpectrogram_EqualsFrameByFrameStreaming()
    {
        float[] x = Ramp(5000);
        var stft = new Stft(256, 100, true, PadMode.Reflect);
        int frames = stft.FrameCount(x.Length);
        var offline = new float[frames * stft.BinCount];
        stft.PowerSpectrogram(x, offline);

        var scratch = new float[stft.ScratchLength];
        var streamed = new float[frames * stft.BinCount];
        for (int t = 0; t < frames; t++)
        {
            stft.PowerFrame(x, t, streamed.AsSpan(t * stft.BinCount, stft.BinCount), scratch);
        }

        Assert.Equal(offline, streamed);
    }

    [Fact]
    public void PowerSpectrogram_WithoutCentring_StartsAtSampleZero()
    {
        float[] x = Ramp(300);
        var stft = new Stft(64, 32, center: false);
        var power = new float[stft.FrameCount(x.Length) * stft.BinCount];
        stft.PowerSpectrogram(x, power);

        Approx.AssertClose(PowerOf(x[32..96]), power.AsSpan(stft.BinCount, stft.BinCount), 1e-4, 1e-5);
    }
}
