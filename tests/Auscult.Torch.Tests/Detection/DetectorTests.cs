using Auscult.Audio;
using Auscult.Health;
using Auscult.Scoring;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Tests.TestSupport;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;

namespace Auscult.Torch.Tests.Detection;

/// <summary>The one clip-to-decision path, on a tiny autoencoder trained on 1-s machine-like clips.</summary>
public sealed class DetectorTests : IDisposable
{
    private const int Rate = 16_000;
    private readonly TempFolder _temp = new();
    private readonly string _bundlePath;

    public DetectorTests()
    {
        _bundlePath = _temp.Combine("hum.auscult");
        HumModel.Save(_bundlePath);
    }

    public void Dispose() => _temp.Dispose();

    private static AudioClip Hum(int seed, bool whine = false, double seconds = 1) => HumAudio.Hum(seed, whine, seconds);

    private static AudioClip Recording(double seconds, double whineFrom = 0, double whineTo = 0, int seed = 60) =>
        HumAudio.Recording(seconds, whineFrom, whineTo, seed, "capture.wav");

    [Fact]
    public void ExplainReconstruction_MapsTheClipCellByCell_ScoresAsDecide_AndIsHotAtTheWhine()
    {
        using var detector = Detector.Load(_bundlePath);
        AudioClip whining = Hum(5, whine: true);

        var normal = detector.ExplainReconstruction(Hum(5));
        var anomalous = detector.ExplainReconstruction(whining);

        Assert.Equal((anomalous.LogMel.Rows, anomalous.LogMel.Columns), (anomalous.Explanation.Map.Rows, anomalous.Explanation.Map.Columns));
        Assert.Equal(detector.Extractor.LogMel(whining).Data, anomalous.LogMel.Data);
        Assert.Equal(detector.Decide(whining).Score!.Value, anomalous.Explanation.Score, 12);
        Assert.Equal("Reconstruction error", anomalous.Explanation.Quantity);
        Assert.All(anomalous.Explanation.Map.Data, e => Assert.True(float.IsFinite(e) && e >= 0));
        // The 3-kHz whine adds error where it is: the map's hottest band is the one holding 3 kHz, and the map of the
        // whining clip is hotter overall than the plain hum's.
        Assert.True(anomalous.Explanation.Map.Data.Average() > 2 * normal.Explanation.Map.Data.Average());
        var edges = Auscult.Dsp.MelFilterBank.MelFrequencies(detector.Extractor.Options.MelBandCount + 2, detector.Extractor.Options.MinFrequencyHz,
            detector.Extractor.Options.EffectiveMaxFrequencyHz, detector.Extractor.Options.MelScale);
        int hottest = Enumerable.Range(0, anomalous.Explanation.Map.Columns)
            .MaxBy(band => Enumerable.Range(0, anomalous.Explanation.Map.Rows).Sum(frame => anomalous.Explanation.Map[frame, band]));
        Assert.InRange(3000.0, edges[hottest], edges[hottest + 2]);
    }

    [Fact]
    public void ExplainReconstruction_OfATooShortClip_SaysHowLongItMustBe()
    {
        using var detector = Detector.Load(_bundlePath);

        // 600 samples make two frames; the model's context is three.
        var ex = Assert.Throws<InputException>(() => detector.ExplainReconstruction(AudioClip.Mono(new float[600], Rate, "blip.wav")));

        Assert.Contains("blip.wav is too short for an anomaly map: 2 frames", ex.Message);
        Assert.Contains("at least 3", ex.Message);
    }

    [Fact]
    public void DecideWindows_OfALongRecording_FlagsOnlyTheWindowsThatHoldTheAnomaly()
    {
        using var detector = Detector.Load(_bundlePath);

        var windows = detector.DecideWindows(Recording(8, whineFrom: 3, whineTo: 5), TimeSpan.FromSeconds(1)).ToList();

        Assert.Equal(Enumerable.Range(0, 8), windows.Select(w => w.Index));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => TimeSpan.FromSeconds(i)), windows.Select(w => w.Start));
        Assert.All(windows, w => Assert.Equal(TimeSpan.FromSeconds(1), w.Duration));
        Assert.All(windows, w => Assert.False(w.IsPartial));
        Assert.Equal([false, false, false, true, true, false, false, false], windows.Select(w => w.Decision.IsAnomalous));
        Assert.All(windows, w => Assert.NotEqual(ScoreVerdict.InputUnfit, w.Decision.Verdict));
        Assert.All(windows, w => Assert.Equal("capture.wav", w.Decision.Source));
    }

    [Fact]
    public void DecideWindows_DecidesEachWindowAsTheSameSamplesCutIntoAClip()
    {
        using var detector = Detector.Load(_bundlePath);
        AudioClip recording = Recording(4, whineFrom: 2, whineTo: 3);

        var windows = detector.DecideWindows(recording, TimeSpan.FromSeconds(1)).ToList();

        for (int i = 0; i < 4; i++)
        {
            ClipDecision alone = detector.Decide(recording.Slice(i * Rate, Rate));
            Assert.Equal(alone.Score, windows[i].Decision.Score);
            Assert.Equal(alone.Verdict, windows[i].Decision.Verdict);
        }
    }

    [Fact]
    public void DecideWindows_ALastPartialWindowLongEnough_IsDecidedOnItsOwnSamples_AndMarkedPartial()
    {
        using var detector = Detector.Load(_bundlePath);

        var windows = detector.DecideWindows(Recording(3.5), TimeSpan.FromSeconds(1)).ToList();

        Assert.Equal(4, windows.Count);
        WindowDecision last = windows[^1];
        Assert.True(last.IsPartial);
        Assert.Equal(TimeSpan.FromSeconds(3), last.Start);
        Assert.Equal(TimeSpan.FromSeconds(0.5), last.Duration);
        Assert.Equal(TimeSpan.FromSeconds(3.5), last.End);
        Assert.Equal(ScoreVerdict.Normal, last.Decision.Verdict);
        Assert.Equal(detector.Decide(Recording(3.5).Slice(3 * Rate, Rate / 2)).Score, last.Decision.Score);
    }

    [Fact]
    public void DecideWindows_ALastWindowShorterThanTheModelNeeds_IsReportedTooShort_NotDroppedOrAveraged()
    {
        using var detector = Detector.Load(_bundlePath);

        // 800 samples (50 ms) after 2 s: the tiny model's 3 context frames need 1024 samples (64 ms).
        var windows = detector.DecideWindows(Recording(2.05), TimeSpan.FromSeconds(1)).ToList();

        Assert.Equal(3, windows.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(64), detector.MinimumDuration);
        WindowDecision last = windows[^1];
        Assert.True(last.IsPartial);
        Assert.Equal(ScoreVerdict.InputUnfit, last.Decision.Verdict);
        Assert.Null(last.Decision.Score);
        Assert.Equal("too short: 0.05 s; the model needs at least 0.064 s", last.Decision.UnfitReason);
        Assert.Equal(detector.Decide(Recording(2.05).Slice(Rate, Rate)).Score, windows[1].Decision.Score);
    }

    [Fact]
    public void DecideWindows_AWindowShorterThanTheModelNeeds_IsRefused()
    {
        using var detector = Detector.Load(_bundlePath);

        var e = Assert.Throws<ConfigurationException>(() => detector.DecideWindows(Recording(1), TimeSpan.FromMilliseconds(50)));

        Assert.Contains("shorter than the 0.064 s the model needs", e.Message);
    }

    [Fact]
    public void DecideWindows_OfAnEmptyRecording_GivesOneTooShortWindow()
    {
        using var detector = Detector.Load(_bundlePath);

        WindowDecision only = Assert.Single(detector.DecideWindows(AudioClip.Mono([], Rate, "empty.wav"), TimeSpan.FromSeconds(1)));

        Assert.Equal(ScoreVerdict.InputUnfit, only.Decision.Verdict);
        Assert.StartsWith("too short", only.Decision.UnfitReason);
    }

    [Fact]
    public void Decide_NormalAndAnomalousClips_GetTheirVerdictsByTheOneRule()
    {
        using var detector = Detector.Load(_bundlePath);

        var normal = detector.Decide(Hum(seed: 50));
        var anomalous = detector.Decide(Hum(seed: 51, whine: true));

        Assert.Equal(ScoreVerdict.Normal, normal.Verdict);
        Assert.Equal(ScoreVerdict.Anomalous, anomalous.Verdict);
        Assert.True(anomalous.Score > detector.Threshold.Value);
        Assert.Equal(detector.IsAnomalous(normal.Score!.Value), normal.IsAnomalous);
        Assert.Equal("clip51.wav", anomalous.Source);
        Assert.True(normal.Health.IsFit);
    }

    [Fact]
    public void Decide_WithTheTrainingClipsInputReference_FlagsAClipFarQuieterThanThem()
    {
        // The same model, saved with the input reference of its training clips (what training records from format 3).
        var input = new InputReferenceAccumulator();
        for (int i = 0; i < 8; i++)
        {
            input.Add(InputHealthAnalyzer.Analyze(Hum(seed: i)));
        }

        string path = _temp.Combine("hum-with-input.auscult");
        using (var old = ModelBundle.Load(_bundlePath))
        {
            var training = old.Manifest.TrainingData with { Input = input.ToReference() };
            using var bundle = ModelBundle.Create(old.Model, training, old.Manifest.Threshold);
            bundle.Save(path);
        }

        var quiet = Hum(seed: 53);
        var samples = quiet.Interleaved.ToArray();
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] *= 0.1f; // -20 dB
        }

        var quieter = AudioClip.Mono(samples, Rate, "quiet.wav");
        using var withReference = Detector.Load(path);
        using var withoutReference = Detector.Load(_bundlePath);
        Assert.NotNull(withReference.InputReference);
        Assert.Null(withoutReference.InputReference);

        var unfit = withReference.Decide(quieter);
        Assert.Equal(ScoreVerdict.InputUnfit, unfit.Verdict);
        Assert.Contains("below the training clips'", unfit.UnfitReason);
        Assert.NotEqual(ScoreVerdict.InputUnfit, withoutReference.Decide(quieter).Verdict);
        Assert.Equal(ScoreVerdict.Normal, withReference.Decide(Hum(seed: 54)).Verdict);
    }

    [Fact]
    public async Task LoadAsync_FromAStream_HasTheFilesIdentity()
    {
        await using var file = File.OpenRead(_bundlePath);
        using var detector = await Detector.LoadAsync(file, "hum.auscult");
        Assert.Equal(Detector.IdentityOf(_bundlePath), detector.ModelId);
        Assert.Equal(ScoreVerdict.Normal, detector.Decide(Hum(seed: 55)).Verdict);
    }

    [Fact]
    public void ModelId_IsTheSha256OfTheBundleFile()
    {
        using var detector = Detector.Load(_bundlePath);

        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(_bundlePath)));
        Assert.Equal(expected, detector.ModelId);
        Assert.Equal(expected, detector.Decide(Hum(seed: 52)).ModelId);
    }

    [Fact]
    public void Decide_OfSilence_IsInputUnfitWithAReason_AndNoScore()
    {
        using var detector = Detector.Load(_bundlePath);

        var decision = detector.Decide(AudioClip.Mono(new float[Rate], Rate, "dead-mic.wav"));

        Assert.Equal(ScoreVerdict.InputUnfit, decision.Verdict);
        Assert.Null(decision.Score);
        Assert.Contains("hears nothing", decision.UnfitReason);
        Assert.Contains(decision.Health.Problems, p => p.Check == HealthCheck.Silence);
    }

    [Fact]
    public void Decide_WithNaNSamples_IsInputUnfit_NeverAMachineVerdict()
    {
        using var detector = Detector.Load(_bundlePath);
        var clip = Hum(seed: 53);
        var samples = clip.Interleaved.ToArray();
        samples[100] = float.NaN;

        var decision = detector.Decide(AudioClip.Mono(samples, Rate, "nan.wav"));

        Assert.Equal(ScoreVerdict.InputUnfit, decision.Verdict);
        Assert.Contains("NaN", decision.UnfitReason);
    }

    [Fact]
    public void Decide_OfAClipTooShortForTheModel_IsInputUnfitNamingTheFrames()
    {
        using var detector = Detector.Load(_bundlePath);

        var decision = detector.Decide(Hum(seed: 54, seconds: 0.04)); // 640 samples: 2 frames, the context needs 3

        Assert.Equal(ScoreVerdict.InputUnfit, decision.Verdict);
        Assert.Contains("too short: 2 frames", decision.UnfitReason);
    }

    [Fact]
    public async Task DecideAsync_FromWavBytes_EqualsTheDecisionFromTheFile()
    {
        using var detector = Detector.Load(_bundlePath);
        string path = _temp.Combine("upload.wav");
        WavWriter.Write(path, Hum(seed: 55, whine: true));

        var fromFile = detector.Decide(path);
        await using var stream = File.OpenRead(path);
        var fromStream = await detector.DecideAsync(stream, path);

        Assert.Equal(fromFile.Score, fromStream.Score);
        Assert.Equal(fromFile.Verdict, fromStream.Verdict);
    }

    [Fact]
    public void Decide_OfAFileAtAnAbsurdRate_IsRefusedNamingItAndTheRate()
    {
        using var detector = Detector.Load(_bundlePath);
        string path = _temp.Combine("two-hertz.wav");
        WavWriter.Write(path, AudioClip.Mono(new float[4000], 2));

        var e = Assert.Throws<AudioFormatException>(() => detector.Decide(path));

        Assert.Contains("two-hertz.wav", e.Message);
        Assert.Contains("2 Hz", e.Message);
    }

    [Fact]
    public void Load_OfAFileThatIsNotABundle_ThrowsModelException()
    {
        string path = _temp.Combine("not-a-bundle.auscult");
        File.WriteAllText(path, "hello");

        var e = Assert.Throws<ModelException>(() => Detector.Load(path));
        Assert.Contains("not-a-bundle.auscult", e.Message);
    }
}
