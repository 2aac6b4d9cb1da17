using Auscult.Audio;
using Auscult.Health;

namespace Auscult.Tests.Health;

public class InputHealthAnalyzerTests
{
    private const int Rate = 16_000;

    // Machine-like sound: a tone and noise at about -23 dBFS RMS.
    private static float[] Sound(int frames, int seed = 1, double gain = 1)
    {
        var random = new Random(seed);
        var x = new float[frames];
        for (int i = 0; i < frames; i++)
        {
            x[i] = (float)(gain * ((0.08 * Math.Sin(2 * Math.PI * 120 * i / Rate)) + (0.05 * ((random.NextDouble() * 2) - 1))));
        }

        return x;
    }

    private static AudioClip Mono(float[] x) => AudioClip.Mono(x, Rate);

    private static HealthCheck[] Checks(InputHealth health) => [.. health.Problems.Select(p => p.Check)];

    [Fact]
    public void Analyze_OfOrdinaryMachineSound_FindsNothing()
    {
        var health = InputHealthAnalyzer.Analyze(Mono(Sound(10 * Rate)));

        Assert.Empty(health.Problems);
        Assert.True(health.IsFit);
        Assert.InRange(health.RmsDbfs, -26, -20);
        Assert.Equal(TimeSpan.FromSeconds(10), health.Duration);
    }

    [Fact]
    public void Analyze_OfAFullScaleSine_MeasuresMinus3Dbfs()
    {
        var x = new float[Rate];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / Rate));
        }

        Assert.Equal(-9.03, InputHealthAnalyzer.Analyze(Mono(x)).RmsDbfs, 2); // 0.5 amplitude: -6 dB below -3 dBFS
    }

    [Fact]
    public void Analyze_OfDigitalSilence_IsUnfit()
    {
        var health = InputHealthAnalyzer.Analyze(Mono(new float[10 * Rate]));

        Assert.False(health.IsFit);
        Assert.Equal([HealthCheck.Silence], Checks(health));
        Assert.Contains("hears nothing", health.UnfitReason);
    }

    [Fact]
    public void Analyze_WithNaNSamples_IsUnfitAndCountsThem()
    {
        var x = Sound(Rate);
        x[10] = float.NaN;
        x[20] = float.PositiveInfinity;

        var health = InputHealthAnalyzer.Analyze(Mono(x));

        Assert.False(health.IsFit);
        Assert.Equal(2, health.NonFiniteSamples);
        Assert.Contains(HealthCheck.NonFinite, Checks(health));
        Assert.True(double.IsFinite(health.RmsDbfs));
    }

    [Fact]
    public void Analyze_OfAClippedRecording_IsUnfit_AndAFewClippedSamplesOnlyWarn()
    {
        var loud = Sound(Rate, gain: 20).Select(v => Math.Clamp(v, -1f, 1f)).ToArray();
        var slightly = Sound(Rate);
        slightly[100] = 1f;

        Assert.Contains(InputHealthAnalyzer.Analyze(Mono(loud)).Problems, p => p is { Check: HealthCheck.Clipping, Severity: HealthSeverity.Unfit });
        var few = InputHealthAnalyzer.Analyze(Mono(slightly));
        Assert.True(few.IsFit);
        Assert.Contains(few.Problems, p => p is { Check: HealthCheck.Clipping, Severity: HealthSeverity.Warning });
    }

    [Fact]
    public void Analyze_WithADcOffset_IsUnfit()
    {
        var x = Sound(Rate).Select(v => v + 0.3f).ToArray();

        Assert.Contains(HealthCheck.DcOffset, Checks(InputHealthAnalyzer.Analyze(Mono(x))));
    }

    [Fact]
    public void Analyze_WithADropoutOf200Ms_IsUnfit_ButNot50Ms()
    {
        var dropout = Sound(2 * Rate);
        Array.Fill(dropout, 0f, Rate, Rate / 5);
        var blip = Sound(2 * Rate);
        Array.Fill(blip, 0f, Rate, Rate / 20);

        var health = InputHealthAnalyzer.Analyze(Mono(dropout));
        Assert.Contains(HealthCheck.FlatRun, Checks(health));
        Assert.Equal(TimeSpan.FromMilliseconds(200), health.LongestFlatRun);
        Assert.DoesNotContain(HealthCheck.FlatRun, Checks(InputHealthAnalyzer.Analyze(Mono(blip))));
    }

    [Fact]
    public void Analyze_AgainstTraining_FlagsAGainDropAndAnotherRate()
    {
        var reference = new InputReference(16_000, TimeSpan.FromSeconds(1), MeanRmsDbfs: -23);

        var dropped = InputHealthAnalyzer.Analyze(Mono(Sound(Rate, gain: 0.2)), reference); // -14 dB
        var quieter = InputHealthAnalyzer.Analyze(Mono(Sound(Rate, gain: 0.7)), reference); // -3.1 dB
        var resampled = InputHealthAnalyzer.Analyze(AudioClip.Mono(Sound(48_000), 48_000), reference);

        Assert.Contains(dropped.Problems, p => p is { Check: HealthCheck.Level, Severity: HealthSeverity.Unfit });
        Assert.Contains("below the training clips'", dropped.UnfitReason);
        Assert.Contains(quieter.Problems, p => p is { Check: HealthCheck.Level, Severity: HealthSeverity.Warning });
        Assert.Contains(resampled.Problems, p => p is { Check: HealthCheck.SampleRate, Severity: HealthSeverity.Warning });
    }

    [Fact]
    public void Analyze_AgainstTrainingOfSeveralLevels_MeasuresFromTheirRange()
    {
        // The clip's own level, measured, so that the reference sits where the test needs it.
        double level = InputHealthAnalyzer.Analyze(Mono(Sound(Rate))).RmsDbfs;
        var reference = new InputReference(16_000, TimeSpan.FromSeconds(1), MeanRmsDbfs: level - 10, ClipCount: 20,
            RmsDbfsStandardDeviation: 6, MinRmsDbfs: level - 20, MaxRmsDbfs: level + 1);

        var inRange = InputHealthAnalyzer.Analyze(Mono(Sound(Rate)), reference); // 10 dB above the mean, inside the range
        var farBelow = InputHealthAnalyzer.Analyze(Mono(Sound(Rate, gain: 0.01)), reference); // -40 dB: 20 dB under the quietest

        Assert.DoesNotContain(inRange.Problems, p => p.Check == HealthCheck.Level);
        Assert.Contains(farBelow.Problems, p => p is { Check: HealthCheck.Level, Severity: HealthSeverity.Unfit });
        Assert.Contains("20.0 dB below the training clips'", farBelow.UnfitReason);
        Assert.Contains(" to ", farBelow.UnfitReason);
    }

    [Fact]
    public void Analyze_OfAnArrayWithADeadAndADuplicatedChannel_NamesThem()
    {
        float[] a = Sound(Rate, seed: 1), b = Sound(Rate, seed: 2);
        var interleaved = new float[4 * Rate];
        for (int f = 0; f < Rate; f++)
        {
            interleaved[4 * f] = a[f];
            interleaved[(4 * f) + 1] = b[f];
            interleaved[(4 * f) + 2] = 0; // dead
            interleaved[(4 * f) + 3] = a[f]; // a copy of channel 0
        }

        var health = InputHealthAnalyzer.Analyze(new AudioClip(interleaved, 4, Rate));

        Assert.Contains(health.Problems, p => p.Check == HealthCheck.DeadChannel && p.Message.Contains("channel 2"));
        Assert.Contains(health.Problems, p => p.Check == HealthCheck.DuplicateChannel && p.Message.Contains("channels 0 and 3"));
        Assert.Equal(4, health.ChannelRmsDbfs.Count);
    }
}
