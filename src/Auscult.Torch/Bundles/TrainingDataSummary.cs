using System.Text.Json.Serialization;

namespace Auscult.Torch.Bundles;

/// <summary>What a model was trained on.</summary>
/// <param name="ClipCount">Training clips (for a classifier: its validation clips included).</param>
/// <param name="VectorCount">Context vectors over those clips, validation included; for a classifier, which reads one image per clip, the clip count.</param>
/// <param name="MachineType">Machine type, e.g. <c>fan</c>; null when unknown.</param>
/// <param name="MachineId">Machine id, e.g. <c>id_00</c>; null when unknown.</param>
/// <param name="Scores">The anomaly scores of the training clips under the trained model; null when not computed.</param>
/// <param name="UnseenScores">
/// Cross-fitted scores of the training clips, each from a model that did not train on it (what the threshold was
/// fitted on); null when the threshold was fitted on <paramref name="Scores"/>. Optional: absent from older manifests.
/// </param>
public sealed record TrainingDataSummary(int ClipCount, int VectorCount, string? MachineType, string? MachineId, ScoreDistribution? Scores,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScoreDistribution? UnseenScores = null);
