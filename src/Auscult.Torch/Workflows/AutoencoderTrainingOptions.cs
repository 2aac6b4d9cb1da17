using Auscult.Evaluation;
using Auscult.Torch.Models;

namespace Auscult.Torch.Workflows;

/// <summary>What <see cref="AutoencoderTraining.Train"/> is asked to do.</summary>
public sealed record AutoencoderTrainingOptions
{
    /// <summary>The model preset (features, shape, epochs).</summary>
    /// <value>Default: <see cref="AutoencoderPreset.Default"/>.</value>
    public AutoencoderPreset Preset { get; init; } = AutoencoderPreset.Default;

    /// <summary>Seed for weights and shuffling: the same data and seed give the same model.</summary>
    /// <value>Default: 0.</value>
    public int Seed { get; init; }

    /// <summary>How the threshold is fitted on the normal clips' cross-fitted scores: gamma, percentile or fixed.</summary>
    /// <value>Default: <see cref="ThresholdMethod.Gamma"/>.</value>
    public ThresholdMethod ThresholdMethod { get; init; } = ThresholdMethod.Gamma;

    /// <summary>The gamma quantile (0 to 1), the percentile (0 to 100) or the fixed threshold.</summary>
    /// <value>Default: <see cref="ThresholdSelector.DefaultGammaQuantile"/>.</value>
    public double ThresholdParameter { get; init; } = ThresholdSelector.DefaultGammaQuantile;

    /// <summary>
    /// Most clips whose features are extracted at once; null means one per core. A host that trains while it scores
    /// passes its own share of the cores. The network itself trains on the host's torch threads (<see cref="TorchRuntime.Configure"/>).
    /// </summary>
    /// <value>Default: null (one per core).</value>
    public int? MaxParallelism { get; init; }

    /// <summary>
    /// Share of the normal clips held out from the model's training, cross-fitting and threshold, and scored by the
    /// final model: the drift reference (<c>trainingData.driftScores</c>), i.e. how the deployed model scores normal
    /// clips it has not seen. Taken only when it gives at least <see cref="MinimumDriftReferenceClips"/> clips, and at
    /// most <see cref="MaximumDriftReferenceClips"/>; 0 holds none out (drift then compares with the cross-fitted scores,
    /// which run higher than the deployed model's: measured as a KS distance of about 0.3 on steady clips).
    /// </summary>
    /// <value>Default 0.1.</value>
    public double DriftReferenceFraction { get; init; } = 0.1;

    /// <summary>Fewest held-out clips worth a drift reference.</summary>
    public const int MinimumDriftReferenceClips = 10;

    /// <summary>Most held-out clips: 200 pin a score distribution down well enough (a two-sample KS limit of about 0.15 against a day's 288 clips).</summary>
    public const int MaximumDriftReferenceClips = 200;

    /// <summary>How many of <paramref name="clipCount"/> clips <see cref="DriftReferenceFraction"/> holds out.</summary>
    public int DriftReferenceClips(int clipCount)
    {
        if (DriftReferenceFraction is < 0 or >= 0.5 || double.IsNaN(DriftReferenceFraction))
        {
            throw new ConfigurationException($"Invalid training options: the drift reference fraction {DriftReferenceFraction} must lie in [0, 0.5).");
        }

        int held = Math.Min(MaximumDriftReferenceClips, (int)Math.Floor(clipCount * DriftReferenceFraction));
        return held >= MinimumDriftReferenceClips ? held : 0;
    }
}
