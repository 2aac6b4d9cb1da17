using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Auscult.Torch.Training;

/// <summary>
/// Adam (Kingma and Ba 2015; PyTorch's update without weight decay or AMSGrad) whose every
/// <see cref="Scalar"/> is referenced until its native call returns.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>optim.Adam</c> passes doubles such as <c>1 - beta1</c> as implicitly converted scalars that
/// nothing references during the native call, so a garbage collection on another thread can free one mid-call (see
/// <see cref="Models.HeldScalarBatchNorm"/> for the crashes this caused). Constant scalars are fields; the two that change
/// every step are disposed with <c>using</c>, which keeps them alive to the end of the step.
/// </remarks>
internal sealed class HeldScalarAdam : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;

    private readonly double _learningRate;
    private readonly List<(Parameter Parameter, Tensor Mean, Tensor Square)> _state = [];
    private readonly Scalar _beta1 = Beta1.ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar();
    private readonly Scalar _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon;
    private readonly Scalar _one = 1.0.ToScalar();
    private long _step;

    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="epsilon">Added to the root of the second moment: PyTorch's default 1e-8; Keras uses 1e-7.</param>
    public HeldScalarAdam(IEnumerable<Parameter> parameters, double learningRate, double epsilon = 1e-8)
    {
        _learningRate = learningRate;
        _epsilon = epsilon.ToScalar();
        foreach (var p in parameters)
        {
            _state.Add((p, zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope()));
        }
    }

    public void ZeroGrad()
    {
        // Each read of grad wraps the gradient in a new tensor object: free those here, not at garbage collection.
        using var scope = NewDisposeScope();
        foreach (var (p, _, _) in _state)
        {
            p.grad?.zero_();
        }
    }

    public void Step()
    {
        _step++;
        double correction1 = 1 - Math.Pow(Beta1, _step);
        double correction2 = 1 - Math.Pow(Beta2, _step);
        using var stepSize = (-_learningRate / correction1).ToScalar();
        using var rootCorrection2 = Math.Sqrt(correction2).ToScalar();
        using var noGrad = no_grad();
        foreach (var (p, mean, square) in _state)
        {
            var gradient = p.grad;
            if (gradient is null)
            {
                continue;
            }

            using var scope = NewDisposeScope();
            mean.mul_(_beta1).add_(gradient, _oneMinusBeta1);
            square.mul_(_beta2).addcmul_(gradient, gradient, _oneMinusBeta2);
            // add_(Scalar) alone would convert its alpha of 1 implicitly: pass it.
            var denominator = square.sqrt().div_(rootCorrection2).add_(_epsilon, _one);
            p.addcdiv_(mean, denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var (_, mean, square) in _state)
        {
            mean.Dispose();
            square.Dispose();
        }

        foreach (var s in new[] { _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _epsilon, _one })
        {
            s.Dispose();
        }
    }
}
