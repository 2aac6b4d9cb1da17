using Auscult.Features;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using Auscult.Torch.Training;
using BenchmarkDotNet.Attributes;

namespace Auscult.Torch.Benchmarks;

/// <summary>Scoring one 10-s clip (313 frames, 309 context vectors of 640) with the dcase2020 model on one thread.</summary>
[MemoryDiagnoser]
public class AutoencoderScoringBenchmarks
{
    private AutoencoderModel _model = null!;
    private AutoencoderScorer _scorer = null!;
    private FeatureMatrix _clip = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Configure(1);
        var preset = AutoencoderPreset.Dcase2020 with { Epochs = 1 };
        var training = new AutoencoderTrainer(preset, seed: 1).Train(SyntheticLogMel.Clips(4, 313, 128, 1));
        _model = training.Model;
        _scorer = new AutoencoderScorer(_model);
        _clip = SyntheticLogMel.Clips(1, 313, 128, 2)[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scorer.Dispose();
        _model.Dispose();
    }

    [Benchmark]
    public double ScoreClip() => _scorer.Score(_clip).Score;
}
