namespace Auscult.Evaluation;

/// <summary>How a decision threshold on anomaly scores is chosen.</summary>
public enum ThresholdMethod
{
    /// <summary>A value given by the user.</summary>
    Fixed,

    /// <summary>A percentile of the training (normal) scores, numpy's linear interpolation.</summary>
    Percentile,

    /// <summary>The DCASE 2022+ rule: a gamma distribution fitted to the training scores, then its 0.9 quantile.</summary>
    Gamma,

    /// <summary>Labelled validation data: where false positives equal false negatives (the AWS sample's choice).</summary>
    EqualErrors,

    /// <summary>Labelled validation data: the threshold with the highest F1 for the anomaly class.</summary>
    MaxF1,

    /// <summary>Labelled validation data: the threshold with the highest Youden J = TPR - FPR.</summary>
    YoudenJ,
}
