using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Scoring;
using Auscult.Torch.Bundles;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using Auscult.Torch.Training;
using BenchmarkDotNet.Attributes;

namespace Auscult.Torch.Benchmarks;

/// <summary>
/// Scoring one 10-s clip's log-mel matrix (313 frames) with the same trained model through TorchSharp (one thread) and
/// through the managed forward pass of the edge agent (<see cref="ManagedAutoencoder"/>), for both built-in presets.
/// </summary>
[MemoryDiagnoser]
public class ManagedScoringBenchmarks
{
    private AutoencoderModel _model = null!;
    private AutoencoderScorer _torch = null!;
    private ManagedAutoencoder _managed = null!;
    private FeatureMatrix _clip = null!;

    [Params("mimii", "dcase2020")]
    public string Preset { get; set; } = "mimii";

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Configure(1);
        (_model, _managed) = Models(Preset);
        _torch = new AutoencoderScorer(_model);
        _clip = SyntheticLogMel.Clips(1, 313, _model.Preset.Features.MelBandCount, 2)[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torch.Dispose();
        _model.Dispose();
    }

    [Benchmark(Baseline = true)]
    public double TorchSharp() => _torch.Score(_clip).Score;

    [Benchmark]
    public double Managed() => _managed.Score(_clip);

    /// <summary>A model of <paramref name="presetName"/> trained one epoch on synthetic clips, and its managed twin read from its bundle.</summary>
    public static (AutoencoderModel Model, ManagedAutoencoder Managed) Models(string presetName)
    {
        var preset = AutoencoderPreset.FromName(presetName) with { Epochs = 1 };
        var training = new AutoencoderTrainer(preset, seed: 1).Train(SyntheticLogMel.Clips(4, 313, preset.Features.MelBandCount, 1));
        var threshold = new ThresholdSpec(1.0, ThresholdMethod.Fixed, new Dictionary<string, double>());
        using var bundle = ModelBundle.Create(training.Model, new TrainingDataSummary(4, training.VectorCount, "fan", "id_00", null), threshold);
        using var bytes = new MemoryStream();
        bundle.Save(bytes);
        bytes.Position = 0;
        return (training.Model, ManagedAutoencoder.Load(Auscult.Bundles.BundleContents.Read(bytes, "benchmark.auscult")));
    }
}
