using System.Buffers;
using System.Buffers.Binary;
using System.Numerics.Tensors;
using Auscult.Bundles;
using Auscult.Features;

namespace Auscult.Scoring;

/// <summary>
/// The forward pass of a bundle's dense autoencoder in managed code (no libtorch): each context vector goes through
/// Dense (+ batch normalisation in evaluation mode) + ReLU layers and a linear output, and the clip's score is the
/// mean over its vectors of each vector's mean squared reconstruction error, as TorchSharp's scorer computes it.
/// </summary>
/// <remarks>
/// Weights are float32 in PyTorch's layout ([outputs, inputs]), so each output is one <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
/// of a weight row with the layer's input. Batch normalisation in evaluation mode is the affine map
/// <c>(x - running_mean) / sqrt(running_var + eps) * weight + bias</c>, folded once here into a scale and a shift per
/// channel (computed in double). Thread-safe: the weights are only read, and each call rents its own scratch.
/// </remarks>
public sealed class ManagedAutoencoder
{
    /// <summary>
    /// The batch normalisation's epsilon: Keras's default, which the baselines' networks (and Auscult's TorchSharp
    /// model) use. A bundle does not record it; both implementations read it from here.
    /// </summary>
    public const double BatchNormEpsilon = 1e-3;

    private readonly Layer[] _layers;
    private readonly int _widest;

    private ManagedAutoencoder(ScoringManifest manifest, string identity, Layer[] layers)
    {
        Manifest = manifest;
        Identity = identity;
        _layers = layers;
        _widest = layers.Max(l => Math.Max(l.Inputs, l.Outputs));
    }

    /// <summary>What the manifest says: features, shape, threshold, input reference.</summary>
    public ScoringManifest Manifest { get; }

    /// <summary>The bundle's identity: the SHA-256 of its bytes, lower-case hex (the same as TorchSharp's <c>ModelBundle.Identity</c>).</summary>
    public string Identity { get; }

    /// <summary>The width of a context vector: mel bands times context frames.</summary>
    public int InputSize => Manifest.InputSize;

    /// <summary>Loads the autoencoder bundle at <paramref name="path"/>.</summary>
    /// <exception cref="ModelException">
    /// The file is missing, damaged, not a bundle, a classifier bundle, or its weights do not fit its manifest; the
    /// message names the file and the problem.
    /// </exception>
    public static ManagedAutoencoder Load(string path) => Load(BundleContents.Read(path));

    /// <summary>Builds the autoencoder of checked bundle contents.</summary>
    /// <exception cref="ModelException">As <see cref="Load(string)"/>.</exception>
    public static ManagedAutoencoder Load(BundleContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var manifest = ScoringManifest.Read(contents);
        var expected = AutoencoderLayout.Tensors(manifest.InputSize, manifest.HiddenLayers, manifest.Bottleneck, manifest.BatchNorm);
        var tensors = WeightsFile.Check(contents.Weights, expected, contents.Shown).ToDictionary(t => t.Name, StringComparer.Ordinal);
        float[] Floats(string name)
        {
            var tensor = tensors[name];
            var bytes = contents.Weights.AsSpan(tensor.Offset, tensor.Length);
            var values = new float[tensor.Length / sizeof(float)];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }

            return values;
        }

        var widths = new List<int>(manifest.HiddenLayers) { manifest.Bottleneck };
        widths.AddRange(manifest.HiddenLayers.Reverse());
        var layers = new List<Layer>();
        int inputs = manifest.InputSize;
        for (int n = 1; n <= widths.Count + 1; n++)
        {
            bool output = n == widths.Count + 1;
            string stage = n <= manifest.HiddenLayers.Count + 1 ? "encoder" : "decoder";
            int outputs = output ? manifest.InputSize : widths[n - 1];
            float[]? scale = null, shift = null;
            if (!output && manifest.BatchNorm)
            {
                (scale, shift) = FoldBatchNorm(Floats($"{stage}.bn{n}.weight"), Floats($"{stage}.bn{n}.bias"),
                    Floats($"{stage}.bn{n}.running_mean"), Floats($"{stage}.bn{n}.running_var"));
            }

            layers.Add(new Layer(inputs, outputs, Floats($"{stage}.dense{n}.weight"), Floats($"{stage}.dense{n}.bias"), scale, shift, Relu: !output));
            inputs = outputs;
        }

        return new ManagedAutoencoder(manifest, contents.Identity, [.. layers]);
    }

    /// <summary>
    /// The anomaly score of one clip's log-mel matrix, [frames x mels]: the mean over its context vectors (vector t is
    /// frames t..t+K-1, one contiguous run of the row-major matrix) of each vector's mean squared reconstruction error.
    /// </summary>
    /// <exception cref="ModelException">The matrix has another number of mel bands than the model reads, or fewer frames than its context.</exception>
    public double Score(FeatureMatrix logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        int mels = Manifest.Features.MelBandCount;
        int context = Manifest.Features.ContextFrames;
        if (logMel.Columns != mels)
        {
            throw new ModelException($"The clip has {logMel.Columns} mel bands; the model expects {mels}.");
        }

        int count = logMel.Rows - context + 1;
        if (count <= 0)
        {
            throw new ModelException($"The clip has {logMel.Rows} frames; scoring needs at least {context}.");
        }

        float[] scratch = ArrayPool<float>.Shared.Rent(3 * _widest);
        try
        {
            var output = scratch.AsSpan(2 * _widest, InputSize);
            // The clip score in double: a mean of ~300 floats loses nothing, but summing in float would drift.
            double sum = 0;
            for (int t = 0; t < count; t++)
            {
                var input = logMel.Data.AsSpan(t * mels, InputSize);
                Forward(input, output, scratch.AsSpan(0, 2 * _widest));
                TensorPrimitives.Subtract(output, input, output);
                sum += TensorPrimitives.Dot(output, output) / InputSize;
            }

            return sum / count;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Reconstructs one context vector: <paramref name="output"/> = the network applied to <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">A span is not <see cref="InputSize"/> long.</exception>
    public void Reconstruct(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != InputSize || output.Length != InputSize)
        {
            throw new ArgumentException($"Both vectors must hold {InputSize} values.");
        }

        float[] scratch = ArrayPool<float>.Shared.Rent(2 * _widest);
        try
        {
            Forward(input, output, scratch.AsSpan(0, 2 * _widest));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Runs the layers, ping-ponging between the two halves of <paramref name="scratch"/>; the last layer writes <paramref name="output"/>.</summary>
    private void Forward(ReadOnlySpan<float> input, Span<float> output, Span<float> scratch)
    {
        var a = scratch[.._widest];
        var b = scratch[_widest..];
        ReadOnlySpan<float> x = input;
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            Span<float> y = l == _layers.Length - 1 ? output : (l % 2 == 0 ? a : b)[..layer.Outputs];
            layer.Apply(x, y);
            x = y;
        }
    }

    private static (float[] Scale, float[] Shift) FoldBatchNorm(float[] weight, float[] bias, float[] mean, float[] variance)
    {
        var scale = new float[weight.Length];
        var shift = new float[weight.Length];
        for (int c = 0; c < weight.Length; c++)
        {
            double s = weight[c] / Math.Sqrt(variance[c] + BatchNormEpsilon);
            scale[c] = (float)s;
            shift[c] = (float)(bias[c] - (mean[c] * s));
        }

        return (scale, shift);
    }

    /// <summary>One Dense layer with its optional batch normalisation (folded) and ReLU.</summary>
    private sealed record Layer(int Inputs, int Outputs, float[] Weight, float[] Bias, float[]? Scale, float[]? Shift, bool Relu)
    {
        public void Apply(ReadOnlySpan<float> x, Span<float> y)
        {
            var weight = Weight.AsSpan();
            for (int o = 0; o < Outputs; o++)
            {
                y[o] = TensorPrimitives.Dot(weight.Slice(o * Inputs, Inputs), x);
            }

            TensorPrimitives.Add(y, Bias, y);
            if (Scale is not null)
            {
                TensorPrimitives.MultiplyAdd(y, Scale, Shift!, y);
            }

            if (Relu)
            {
                TensorPrimitives.Max(y, 0f, y);
            }
        }
    }
}
