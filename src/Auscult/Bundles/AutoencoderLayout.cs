namespace Auscult.Bundles;

/// <summary>
/// The tensors (state-dict names, element types and shapes) of the baselines' dense autoencoder, worked out from its
/// shape: what <c>weights.bin</c> must hold, for the TorchSharp loader and the managed one alike.
/// </summary>
/// <remarks>
/// Encoder <c>dense1..</c> over the hidden widths then the bottleneck, decoder over the hidden widths reversed then the
/// output; each but the output with <c>bn{n}</c> (weight, bias, running_mean, running_var, num_batches_tracked) when
/// the model has batch normalisation. Linear weights are [outputs, inputs], PyTorch's layout.
/// </remarks>
public static class AutoencoderLayout
{
    /// <summary>The tensors of an autoencoder of this shape, in state-dict order.</summary>
    public static IReadOnlyList<(string Name, int Type, long[] Shape)> Tensors(int inputSize, IReadOnlyList<int> hiddenLayers, int bottleneck, bool batchNorm)
    {
        ArgumentNullException.ThrowIfNull(hiddenLayers);
        var tensors = new List<(string, int, long[])>();
        int layer = 0;
        long width = inputSize;

        void Dense(string stage, long outputs, bool hidden)
        {
            layer++;
            tensors.Add(($"{stage}.dense{layer}.weight", WeightsFile.Float32Type, [outputs, width]));
            tensors.Add(($"{stage}.dense{layer}.bias", WeightsFile.Float32Type, [outputs]));
            if (hidden && batchNorm)
            {
                string prefix = $"{stage}.bn{layer}";
                tensors.Add(($"{prefix}.weight", WeightsFile.Float32Type, [outputs]));
                tensors.Add(($"{prefix}.bias", WeightsFile.Float32Type, [outputs]));
                tensors.Add(($"{prefix}.running_mean", WeightsFile.Float32Type, [outputs]));
                tensors.Add(($"{prefix}.running_var", WeightsFile.Float32Type, [outputs]));
                tensors.Add(($"{prefix}.num_batches_tracked", WeightsFile.Int64Type, []));
            }

            width = outputs;
        }

        foreach (int hidden in hiddenLayers)
        {
            Dense("encoder", hidden, hidden: true);
        }

        Dense("encoder", bottleneck, hidden: true);
        foreach (int hidden in hiddenLayers.Reverse())
        {
            Dense("decoder", hidden, hidden: true);
        }

        Dense("decoder", inputSize, hidden: false);
        return tensors;
    }

    /// <summary>Elements of all tensors.</summary>
    public static long ElementCount(IEnumerable<(string Name, int Type, long[] Shape)> tensors) =>
        tensors.Sum(t => t.Shape.Aggregate(1L, (product, d) => product * d));
}
