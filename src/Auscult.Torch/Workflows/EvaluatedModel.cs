using Auscult.Evaluation;
using Auscult.Torch.Detection;

namespace Auscult.Torch.Workflows;

/// <summary>A model's evaluation on labelled test clips, decided clip by clip through its <see cref="Detector"/>.</summary>
/// <param name="Evaluation">The figures over the clips that could be judged.</param>
/// <param name="Summary">The same in the one summary shape.</param>
/// <param name="Unfit">Test clips whose input was unfit to judge (left out of the figures), with their reasons.</param>
public sealed record EvaluatedModel(DetectionEvaluation Evaluation, EvaluationSummary Summary, IReadOnlyList<ClipDecision> Unfit);
