using System.Globalization;

namespace Auscult.Evaluation;

/// <summary>
/// The DCASE Task 2 result files: <c>anomaly_score_&lt;type&gt;_&lt;section&gt;_&lt;split&gt;.csv</c> with rows
/// <c>file,score</c> and <c>decision_result_&lt;type&gt;_&lt;section&gt;_&lt;split&gt;.csv</c> with rows <c>file,0|1</c>.
/// </summary>
/// <remarks>
/// As the DCASE baselines' <c>save_csv</c> writes them: no header, comma separated, '\n' line ends, the file's base
/// name, scores in the shortest text that round-trips (Python's <c>repr</c> of a float), culture-invariant.
/// </remarks>
public static class DcaseCsv
{
    /// <summary>
    /// <c>anomaly_score_fan_section_00_test.csv</c> (DCASE 2021+) or, with a machine id and no split,
    /// <c>anomaly_score_fan_id_00.csv</c> (DCASE 2020).
    /// </summary>
    public static string AnomalyScoreFileName(string machineType, string machineId, string? split = "test") =>
        FileName("anomaly_score", machineType, machineId, split);

    /// <summary><c>decision_result_fan_section_00_test.csv</c>; see <see cref="AnomalyScoreFileName"/>.</summary>
    public static string DecisionResultFileName(string machineType, string machineId, string? split = "test") =>
        FileName("decision_result", machineType, machineId, split);

    /// <summary>Writes <c>file,score</c> rows in the given order.</summary>
    public static void WriteAnomalyScores(TextWriter writer, IEnumerable<KeyValuePair<string, double>> scores)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(scores);
        foreach (var (file, score) in scores)
        {
            WriteRow(writer, file, score.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes <c>file,1</c> for an anomaly decision and <c>file,0</c> for a normal one, in the given order.</summary>
    public static void WriteDecisions(TextWriter writer, IEnumerable<KeyValuePair<string, bool>> decisions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(decisions);
        foreach (var (file, isAnomaly) in decisions)
        {
            WriteRow(writer, file, isAnomaly ? "1" : "0");
        }
    }

    private static void WriteRow(TextWriter writer, string file, string value)
    {
        string name = Path.GetFileName(file);
        if (name.Contains(',') || name.Contains('"') || name.Contains('\n'))
        {
            // Python's csv writer would quote such a name; DCASE names never need it, so refuse rather than guess.
            throw new InputException($"'{name}': a DCASE result file cannot hold a file name with a comma, quote or line break.");
        }

        writer.Write(name);
        writer.Write(',');
        writer.Write(value);
        writer.Write('\n');
    }

    private static string FileName(string prefix, string machineType, string machineId, string? split)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineType);
        ArgumentException.ThrowIfNullOrEmpty(machineId);
        return string.IsNullOrEmpty(split) ? $"{prefix}_{machineType}_{machineId}.csv" : $"{prefix}_{machineType}_{machineId}_{split}.csv";
    }
}
