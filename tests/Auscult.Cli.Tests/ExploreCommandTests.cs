using Auscult.Reports;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

public sealed class ExploreCommandTests(SmallFanSet set) : IClassFixture<SmallFanSet>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static void AssertPng(string path, int width, int height)
    {
        Assert.True(File.Exists(path), path);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(PngInfo.HasSignature(bytes), path);
        Assert.Equal((width, height), PngInfo.ReadSize(bytes));
    }

    [Fact]
    public async Task Clip_WritesWaveformSpectrogramAndMelSpectrogram()
    {
        string clip = Path.Combine(set.Data, "6_dB_fan", "fan", "id_00", "abnormal", "00000000.wav");
        string output = _temp.Combine("out");
        var run = await CliRun.Of("explore", clip, "--out", output);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        foreach (string kind in new[] { "waveform", "spectrogram", "mel" })
        {
            AssertPng(Path.Combine(output, $"00000000_{kind}.png"), 1000, 500);
        }
    }

    [Fact]
    public async Task Dataset_WritesNormalBesideAbnormalPerMachine_AndTheMeanSpectrum()
    {
        string output = _temp.Combine("out");
        var run = await CliRun.Of("explore", set.Data, "--out", output);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        AssertPng(Path.Combine(output, "fan_id_00_normal_vs_abnormal.png"), 1400, 600);
        AssertPng(Path.Combine(output, "fan_mean_spectrum.png"), 1000, 700);
        // Issue #10: the mean spectrum draws as many normal clips as abnormal ones, and now says it samples.
        Assert.Contains("note: fan: the mean spectrum samples 4 of 14 normal and 4 of 4 abnormal clips", run.Output);
    }

    [Fact]
    public async Task Dataset_WithoutAbnormalClips_DrawsTheNormalMeanSpectrum_AndSaysSo()
    {
        // Issue #10: a machine type without abnormal clips used to be skipped without a word.
        string normalOnly = _temp.Combine("normal-only");
        string source = Path.Combine(set.Data, "6_dB_fan", "fan", "id_00", "normal");
        Directory.CreateDirectory(Path.Combine(normalOnly, "fan", "id_00", "normal"));
        File.Copy(Path.Combine(source, "00000000.wav"), Path.Combine(normalOnly, "fan", "id_00", "normal", "00000000.wav"));
        string output = _temp.Combine("out");
        var run = await CliRun.Of("explore", normalOnly, "--out", output);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        AssertPng(Path.Combine(output, "fan_mean_spectrum.png"), 1000, 700);
        Assert.Contains("note: fan: no abnormal clips, mean spectrum of normal clips only", run.Output);
        Assert.Contains("note: fan id_00: no abnormal clips, no normal-vs-abnormal picture", run.Output);
        Assert.False(File.Exists(Path.Combine(output, "fan_id_00_normal_vs_abnormal.png")));
    }
}
