namespace Auscult.Evaluation;

/// <summary>The command-line and manifest names of the threshold methods, written once.</summary>
public static class ThresholdMethodNames
{
    private static readonly (ThresholdMethod Method, string Name)[] Names =
    [
        (ThresholdMethod.Gamma, "gamma"),
        (ThresholdMethod.Percentile, "percentile"),
        (ThresholdMethod.Fixed, "fixed"),
        (ThresholdMethod.EqualErrors, "equal-errors"),
        (ThresholdMethod.MaxF1, "max-f1"),
        (ThresholdMethod.YoudenJ, "youden"),
    ];

    public static IEnumerable<(string Name, ThresholdMethod Method)> All => Names.Select(n => (n.Name, n.Method));

    public static string Of(ThresholdMethod method) => Names.First(n => n.Method == method).Name;

    public static ThresholdMethod Parse(string name) =>
        Names.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } found
            ? found.Method
            : throw new ConfigurationException($"'{name}' is not a threshold method: use one of {string.Join(", ", Names.Select(n => n.Name))}.");
}
