using System.Text.Json.Serialization;

namespace Auscult.Drift;

/// <summary>Which clips and which model the reference scores of a drift monitor come from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReferenceScoreSource>))]
public enum ReferenceScoreSource
{
    /// <summary>
    /// The deployed model's scores of normal clips held out from its training: how it scores new normal clips, the
    /// reference drift is measured against (bundles trained by this version).
    /// </summary>
    [JsonStringEnumMemberName("held-out-clips")]
    HeldOutClips,

    /// <summary>
    /// Cross-fitted scores of the training clips, each from a fold model that did not train on it (older bundles). Fold
    /// models train on fewer clips and score higher than the deployed model: steady clips then look shifted down.
    /// </summary>
    [JsonStringEnumMemberName("cross-fitted")]
    CrossFitted,

    /// <summary>The deployed model's scores of its own training clips (older bundles): lower than new normal clips score.</summary>
    [JsonStringEnumMemberName("training")]
    Training,
}
