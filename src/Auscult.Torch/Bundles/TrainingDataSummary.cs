using System.Text.Json.Serialization;
using Auscult.Drift;
using Auscult.Health;

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
/// <param name="Input">
/// The training recordings' sample rate, duration and level (format 3 on; null when not measured): the detector checks
/// each clip's level against it, and a drift monitor compares recent clips with it.
/// </param>
/// <param name="Bands">
/// Per-mel-band mean, standard deviation and quantiles of the training clips' log-mel frames (format 3 on; null when
/// not computed): what a drift monitor compares recent clips against.
/// </param>
/// <param name="DriftScores">
/// The scores a drift monitor compares a machine's recent scores with, and their source: for bundles of this version,
/// the model's scores of normal clips held out from its training (<c>source: held-out-clips</c>; they are not in
/// <paramref name="ClipCount"/>), i.e. how the deployed model scores new normal clips. Null in older manifests: drift
/// then falls back to <paramref name="UnseenScores"/> or <paramref name="Scores"/>, both biased.
/// </param>
public sealed record TrainingDataSummary(int ClipCount, int VectorCount, string? MachineType, string? MachineId, ScoreDistribution? Scores,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScoreDistribution? UnseenScores = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] InputReference? Input = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BandStatistics? Bands = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReferenceScores? DriftScores = null);
