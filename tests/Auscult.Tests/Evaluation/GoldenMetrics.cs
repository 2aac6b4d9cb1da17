using System.Text.Json;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Evaluation;

/// <summary>Reads the scikit-learn and scipy reference values from ../shared/golden/index.json.</summary>
internal static class GoldenMetrics
{
    private static readonly Lazy<JsonDocument> Index = new(() =>
        JsonDocument.Parse(File.ReadAllText(SharedFolder.Combine("golden", "index.json"))));

    public static int MetricCaseCount => Index.Value.RootElement.GetProperty("metric_cases").GetArrayLength();

    public static JsonElement MetricCase(int index) => Index.Value.RootElement.GetProperty("metric_cases")[index];

    public static JsonElement GammaCase => Index.Value.RootElement.GetProperty("gamma_threshold_case");

    public static bool[] Labels(JsonElement item) => item.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32() == 1).ToArray();

    public static double[] Doubles(JsonElement item, string name) =>
        item.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
