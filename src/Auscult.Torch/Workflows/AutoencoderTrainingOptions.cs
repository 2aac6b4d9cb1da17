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
}
