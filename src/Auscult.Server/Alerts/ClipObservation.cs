namespace Auscult.Server.Alerts;

/// <summary>One clip's result as the engine needs it: what the scorer said, against the model's own threshold.</summary>
/// <param name="ClipId">The service's id of the clip (recorded in alerts and calibration).</param>
/// <param name="Verdict">The scorer's verdict against the model's threshold; the engine re-decides normal or
/// anomalous against the machine's own threshold when it has one.</param>
/// <param name="Score">The anomaly score; required for normal and anomalous clips, else ignored.</param>
/// <param name="ModelThreshold">The model's threshold; required for normal and anomalous clips, else ignored.</param>
/// <param name="ModelId">The model that scored the clip; required for normal and anomalous clips, else ignored.</param>
/// <param name="Kind">The fault kind a classifier named for the clip, or null (the autoencoder names none).</param>
/// <param name="UnfitReason">Why an input-unfit clip is unfit, in words (goes into the input alert's reason).</param>
public sealed record ClipObservation(
    string ClipId,
    Verdict Verdict,
    double? Score = null,
    double? ModelThreshold = null,
    string? ModelId = null,
    string? Kind = null,
    string? UnfitReason = null)
{
    /// <summary>Whether the clip was scored (normal or anomalous).</summary>
    public bool IsScored => Verdict is Verdict.Normal or Verdict.Anomalous;

    internal void Check()
    {
        if (string.IsNullOrWhiteSpace(ClipId))
        {
            throw new InputException("A clip observation needs a clip id.");
        }

        if (!Enum.IsDefined(Verdict))
        {
            throw new InputException($"Clip {ClipId}: {(int)Verdict} is not a verdict.");
        }

        if (IsScored)
        {
            if (Score is not double score || !double.IsFinite(score))
            {
                throw new InputException($"Clip {ClipId} is {WireNames.Of(Verdict)} but has no finite score ({Score?.ToString() ?? "none"}).");
            }

            if (ModelThreshold is not double threshold || !double.IsFinite(threshold))
            {
                throw new InputException($"Clip {ClipId} is {WireNames.Of(Verdict)} but has no finite model threshold ({ModelThreshold?.ToString() ?? "none"}).");
            }

            if (string.IsNullOrWhiteSpace(ModelId))
            {
                throw new InputException($"Clip {ClipId} is {WireNames.Of(Verdict)} but names no model.");
            }
        }
    }
}
