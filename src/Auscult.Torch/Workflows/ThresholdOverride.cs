using Auscult.Evaluation;

namespace Auscult.Torch.Workflows;

/// <summary>
/// A threshold chosen on the labelled test clips instead of the model's own (equal errors, max F1, Youden, or a fixed
/// value): optimistic, since the clips that choose it are also the clips it is judged on.
/// </summary>
/// <param name="Method">How to choose it.</param>
/// <param name="Parameter">The value for <see cref="ThresholdMethod.Fixed"/>; ignored otherwise.</param>
public sealed record ThresholdOverride(ThresholdMethod Method, double Parameter = 0);
