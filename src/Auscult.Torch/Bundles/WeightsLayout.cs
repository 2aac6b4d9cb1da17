using Auscult.Bundles;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Bundles;

/// <summary>
/// The tensors (state-dict names, element types and shapes) a model of a validated manifest has, worked out without
/// building it, so that weights that do not fit are refused before any native memory is taken. A test checks these
/// against the modules' own state dicts.
/// </summary>
internal static class WeightsLayout
{
    /// <summary>The tensors of the autoencoder <paramref name="architecture"/> describes (the check matches them by name).</summary>
    public static IReadOnlyList<(string Name, int Type, long[] Shape)> Autoencoder(ModelArchitecture architecture) =>
        AutoencoderLayout.Tensors(architecture.InputSize, architecture.HiddenLayers, architecture.Bottleneck, architecture.BatchNorm);

    /// <summary>The tensors of a classifier of <paramref name="config"/> (matched by name).</summary>
    public static IReadOnlyList<(string Name, int Type, long[] Shape)> Classifier(ClassifierConfig config, int classCount, int mels)
    {
        var tensors = new List<(string, int, long[])>();
        long inputs = 1;
        for (int b = 0; b < config.Channels.Count; b++)
        {
            long width = config.Channels[b];
            tensors.Add(($"features.conv{b + 1}.weight", WeightsFile.Float32Type, [width, inputs, 3, 3]));
            tensors.Add(($"features.conv{b + 1}.bias", WeightsFile.Float32Type, [width]));
            BatchNorm(tensors, $"features.bn{b + 1}", width);
            inputs = width;
        }

        tensors.Add(("head.linear.weight", WeightsFile.Float32Type, [classCount, config.PooledFeatures(mels)]));
        tensors.Add(("head.linear.bias", WeightsFile.Float32Type, [classCount]));
        return tensors;
    }

    /// <summary>Elements of all tensors: what the weights file's size must be near.</summary>
    public static long ElementCount(IEnumerable<(string Name, int Type, long[] Shape)> tensors) =>
        tensors.Sum(t => t.Shape.Aggregate(1L, (product, d) => product * d));

    private static void BatchNorm(List<(string, int, long[])> tensors, string prefix, long channels)
    {
        tensors.Add(($"{prefix}.weight", WeightsFile.Float32Type, [channels]));
        tensors.Add(($"{prefix}.bias", WeightsFile.Float32Type, [channels]));
        tensors.Add(($"{prefix}.running_mean", WeightsFile.Float32Type, [channels]));
        tensors.Add(($"{prefix}.running_var", WeightsFile.Float32Type, [channels]));
        tensors.Add(($"{prefix}.num_batches_tracked", WeightsFile.Int64Type, []));
    }
}
