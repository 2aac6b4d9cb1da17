namespace Auscult.Evaluation;

/// <summary>Argument checks shared by the metrics: equal lengths, finite scores, and (where needed) both classes.</summary>
internal static class ScoreInput
{
    public static (int Anomalies, int Normals) Check(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, bool requireBothClasses)
    {
        if (labels.Length != scores.Length)
        {
            throw new ArgumentException($"{labels.Length} labels but {scores.Length} scores: they must pair up one to one.");
        }

        if (labels.Length == 0)
        {
            throw new InputException("No scores to evaluate.");
        }

        int anomalies = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                throw new InputException($"Score {i} is {scores[i]}; every anomaly score must be a finite number.");
            }

            if (labels[i])
            {
                anomalies++;
            }
        }

        int normals = labels.Length - anomalies;
        if (requireBothClasses && (anomalies == 0 || normals == 0))
        {
            string present = anomalies == 0 ? "normal" : "anomalous";
            throw new InputException(
                $"ROC AUC needs both normal and anomalous clips, but all {labels.Length} clips are {present}.");
        }

        return (anomalies, normals);
    }
}
