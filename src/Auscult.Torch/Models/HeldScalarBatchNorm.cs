using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Auscult.Torch.Models;

/// <summary>
/// Batch normalisation over the channels (dimension 1) of [batch, channels] or [batch, channels, height, width], with
/// the state-dict keys of <c>nn.BatchNorm1d</c> and <c>nn.BatchNorm2d</c> (weight, bias, running_mean, running_var,
/// num_batches_tracked); PyTorch's defaults (momentum 0.1, epsilon 1e-5) unless given.
/// </summary>
/// <remarks>
/// Exists because TorchSharp 0.107's BatchNorm counts batches with <c>num_batches_tracked.add_(1)</c>, which converts
/// 1 into a <see cref="Scalar"/> that nothing references while the native call runs: a garbage collection started by
/// another thread can finalise it mid-call. Measured: a 6-minute classifier search crashed in that call with libtorch's
/// "Unknown scalar type" (a freed scalar), and autoencoder training (TorchSharp's BatchNorm1d) in a test with
/// "Expected false to be true ... from toFloat at c10/core/Scalar.h" (a freed scalar's memory read as another type).
/// Here the scalar is a field, alive as long as the module.
/// </remarks>
internal sealed class HeldScalarBatchNorm : nn.Module<Tensor, Tensor>
{
    private readonly double _momentum;
    private readonly double _epsilon;

    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor num_batches_tracked;
    private readonly Scalar _one = 1L.ToScalar();

    /// <param name="channels">Size of dimension 1.</param>
    /// <param name="momentum">Weight of the newest batch in the running statistics (PyTorch's convention; Keras's momentum m is 1 - m here).</param>
    /// <param name="epsilon">Added to the variance.</param>
    public HeldScalarBatchNorm(long channels, double momentum = 0.1, double epsilon = 1e-5)
        : base("batch_norm")
    {
        _momentum = momentum;
        _epsilon = epsilon;
        // Field names are the state-dict keys (TorchSharp registers fields by name), hence the snake_case.
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        running_mean = zeros(channels);
        running_var = ones(channels);
        num_batches_tracked = tensor(0L);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (training)
        {
            using var noGrad = no_grad();
            // Both arguments explicit: add_(Scalar) would create its alpha of 1 implicitly, the same hazard (measured:
            // with only the target held, a search failed here with "argument alpha must not be a floating point
            // number", a freed alpha's memory reused by a floating-point scalar).
            num_batches_tracked.add_(_one, _one);
        }

        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, _momentum, _epsilon);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _one.Dispose();
        }

        base.Dispose(disposing);
    }
}
