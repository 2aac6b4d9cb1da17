using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Auscult.Torch.Models;

/// <summary>
/// The baselines' dense autoencoder. Stages are named Sequentials ("encoder", "decoder") whose layers are named like
/// Keras's ("dense1", "bn1", "relu1", ...): these names are the state-dict keys saved in bundles.
/// </summary>
internal sealed class DenseAutoencoder : nn.Module<Tensor, Tensor>
{
    // Keras BatchNormalization defaults: epsilon 1e-3, moving average momentum 0.99, which is PyTorch momentum 0.01
    // (PyTorch weighs the new batch statistic by momentum, Keras weighs the running value).
    private const double KerasBatchNormEpsilon = Auscult.Scoring.ManagedAutoencoder.BatchNormEpsilon;
    private const double KerasBatchNormMomentum = 0.01;

    private readonly Sequential _encoder;
    private readonly Sequential _decoder;
    private readonly List<Linear> _linears = [];

    public DenseAutoencoder(AutoencoderPreset preset)
        : base("autoencoder")
    {
        var encoder = new List<(string, nn.Module<Tensor, Tensor>)>();
        var decoder = new List<(string, nn.Module<Tensor, Tensor>)>();
        int layer = 0;
        int width = preset.InputSize;

        void AddHidden(List<(string, nn.Module<Tensor, Tensor>)> stage, int outputs)
        {
            layer++;
            var linear = nn.Linear(width, outputs);
            _linears.Add(linear);
            stage.Add(($"dense{layer}", linear));
            if (preset.BatchNorm)
            {
                stage.Add(($"bn{layer}", new HeldScalarBatchNorm(outputs, KerasBatchNormMomentum, KerasBatchNormEpsilon)));
            }

            stage.Add(($"relu{layer}", nn.ReLU()));
            width = outputs;
        }

        foreach (int hidden in preset.HiddenLayers)
        {
            AddHidden(encoder, hidden);
        }

        AddHidden(encoder, preset.Bottleneck);
        foreach (int hidden in preset.HiddenLayers.Reverse())
        {
            AddHidden(decoder, hidden);
        }

        var output = nn.Linear(width, preset.InputSize);
        _linears.Add(output);
        decoder.Add(($"dense{layer + 1}", output));

        _encoder = nn.Sequential(encoder);
        _decoder = nn.Sequential(decoder);
        register_module("encoder", _encoder);
        register_module("decoder", _decoder);
    }

    /// <summary>
    /// Keras's Dense initialisation: weights Glorot-uniform, U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), biases
    /// zero. (TorchSharp's Linear default is Kaiming-uniform with a = 1/sqrt(fan_in) for weights and biases.) The
    /// values come from <paramref name="random"/>, not torch's global generator, so a model depends on its seed
    /// only, whatever else runs in the process.
    /// </summary>
    public void InitializeLikeKeras(Random random)
    {
        using var noGrad = no_grad();
        foreach (var linear in _linears)
        {
            long fanOut = linear.weight!.shape[0], fanIn = linear.weight.shape[1];
            double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            var values = new float[fanOut * fanIn];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(((random.NextDouble() * 2) - 1) * limit);
            }

            using var source = tensor(values, [fanOut, fanIn]);
            linear.weight.copy_(source);
            linear.bias!.zero_();
        }
    }

    public override Tensor forward(Tensor input)
    {
        using var code = _encoder.call(input);
        return _decoder.call(code);
    }
}
