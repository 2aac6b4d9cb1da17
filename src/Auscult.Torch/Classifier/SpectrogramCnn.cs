using Auscult.Torch.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Auscult.Torch.Classifier;

/// <summary>
/// The classifier network of a <see cref="ClassifierConfig"/>, over images [batch, 1, frames, mels]. Stages are named
/// Sequentials ("input", "features", "head") whose layers are named "conv1", "bn1", ...: these names are the
/// state-dict keys saved in bundles.
/// </summary>
internal sealed class SpectrogramCnn : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _input;
    private readonly Sequential _features;
    private readonly Sequential _head;
    private readonly List<Conv2d> _convolutions = [];
    private readonly Linear _output;
    private readonly SeededDropout _dropout;

    public SpectrogramCnn(ClassifierConfig config, int classCount, int mels)
        : base("spectrogram_cnn")
    {
        config.Validate();
        TorchRuntime.EnsureConfigured(); // no oneDNN convolutions, and the host's thread count (see TorchRuntime)
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(mels, MinimumInput(config).Mels);
        Config = config;
        ClassCount = classCount;

        // Lowering the time resolution inside the network (not in the data) keeps one input format for every
        // configuration, so scoring never needs to know which resolution the search picked.
        var input = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (config.TimePooling > 1)
        {
            input.Add(("time_pool", nn.AvgPool2d(new long[] { config.TimePooling, 1 })));
        }
        else
        {
            input.Add(("identity", nn.Identity()));
        }

        var features = new List<(string, nn.Module<Tensor, Tensor>)>();
        int channels = 1;
        for (int b = 0; b < config.Channels.Count; b++)
        {
            int width = config.Channels[b];
            var conv = nn.Conv2d(channels, width, 3, padding: 1);
            _convolutions.Add(conv);
            features.Add(($"conv{b + 1}", conv));
            features.Add(($"bn{b + 1}", new HeldScalarBatchNorm(width)));
            features.Add(($"relu{b + 1}", nn.ReLU()));
            features.Add(($"pool{b + 1}", nn.MaxPool2d(2)));
            channels = width;
        }

        _dropout = new SeededDropout(config.Dropout);
        _output = nn.Linear(config.PooledFeatures(mels), classCount);
        _input = nn.Sequential(input);
        _features = nn.Sequential(features);
        _head = nn.Sequential(
            ("global_pool", config.Pooling == GlobalPooling.Time
                ? nn.AdaptiveAvgPool2d(new long[] { 1, config.FrequencyRows(mels) })
                : nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("dropout", _dropout),
            ("linear", _output));
        register_module("input", _input);
        register_module("features", _features);
        register_module("head", _head);
    }

    public ClassifierConfig Config { get; }

    public int ClassCount { get; }

    /// <summary>Smallest input, in frames and mel bands, that survives the time pooling and every 2x2 max pool.</summary>
    public static (int Frames, int Mels) MinimumInput(ClassifierConfig config) =>
        (config.TimePooling << config.Channels.Count, 1 << config.Channels.Count);

    /// <summary>
    /// Seeded initial weights: convolutions He-uniform (U(-a, a), a = sqrt(6 / fan_in), suited to ReLU), the linear
    /// layer Glorot-uniform, biases zero; batch norm starts at scale 1, shift 0. The values come from
    /// <paramref name="random"/>, and dropout masks from a generator seeded from it, so a model depends on its seed
    /// only and never on torch's global generator.
    /// </summary>
    public void Initialize(Random random)
    {
        using var noGrad = no_grad();
        foreach (var conv in _convolutions)
        {
            long fanIn = conv.weight!.shape[1] * conv.weight.shape[2] * conv.weight.shape[3];
            Fill(conv.weight, Math.Sqrt(6.0 / fanIn), random);
            conv.bias!.zero_();
        }

        Fill(_output.weight!, Math.Sqrt(6.0 / (_output.weight!.shape[0] + _output.weight.shape[1])), random);
        _output.bias!.zero_();
        _dropout.Reseed(random.NextInt64());
    }

    public override Tensor forward(Tensor input)
    {
        using var pooled = _input.call(input);
        using var features = _features.call(pooled);
        return _head.call(features);
    }

    private static void Fill(Tensor weight, double limit, Random random)
    {
        var values = new float[weight.numel()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * limit);
        }

        using var source = tensor(values, weight.shape);
        weight.copy_(source);
    }
}
