using TorchSharp;
using static TorchSharp.torch;

namespace Auscult.Torch.Classifier;

/// <summary>
/// Inverted dropout whose masks come from its own generator: <c>nn.Dropout</c> draws from torch's global
/// generator, which anything else in the process may advance, so training would not depend on the seed alone.
/// Has no parameters or buffers, so it adds nothing to the state dict.
/// </summary>
internal sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    private readonly double _probability;

    // Held for the module's life: an implicitly converted scalar could be finalised during its native call (see
    // HeldScalarBatchNorm).
    private readonly Scalar _threshold;
    private readonly Scalar _scale;
    private Generator _generator = new(0);

    public SeededDropout(double probability)
        : base("seeded_dropout")
    {
        _probability = probability;
        _threshold = probability.ToScalar();
        _scale = (1 / (1 - probability)).ToScalar();
    }

    public void Reseed(long seed)
    {
        _generator.Dispose();
        _generator = new Generator(unchecked((ulong)seed));
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || _probability == 0)
        {
            return input.alias();
        }

        using var uniform = rand(input.shape, generator: _generator);
        using var keep = uniform.ge(_threshold);
        return input.mul(keep).mul_(_scale);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _generator.Dispose();
            _threshold.Dispose();
            _scale.Dispose();
        }

        base.Dispose(disposing);
    }
}
