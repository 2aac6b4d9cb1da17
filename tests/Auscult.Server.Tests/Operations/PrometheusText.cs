using System.Globalization;
using System.Text.RegularExpressions;

namespace Auscult.Server.Tests.Operations;

/// <summary>
/// A strict reader of the Prometheus text format for the tests: every sample line must parse, belong to a family
/// declared by a preceding # HELP and # TYPE, and carry a number.
/// </summary>
internal sealed partial class PrometheusText
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly List<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusText(string text)
    {
        string? family = null;
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                family = line.Split(' ')[2];
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                Assert.Equal(family, parts[2]);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                _types[parts[2]] = parts[3];
                continue;
            }

            var m = SampleLine().Match(line);
            Assert.True(m.Success, $"Not a sample line: '{line}'");
            string name = m.Groups["name"].Value;
            Assert.True(family is not null && (name == family || (_types[family] == "histogram" && name.StartsWith(family + "_", StringComparison.Ordinal))),
                $"Sample '{name}' outside its family ({family}).");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in Label().Matches(m.Groups["labels"].Value))
            {
                labels[label.Groups["key"].Value] = label.Groups["value"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }

            string value = m.Groups["value"].Value;
            _samples.Add((name, labels, value == "+Inf" ? double.PositiveInfinity : double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
    }

    public string TypeOf(string family) => _types[family];

    /// <summary>The one sample of <paramref name="name"/> with these labels.</summary>
    public double Value(string name, params (string Key, string Value)[] labels) =>
        _samples.Single(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Value;

    public IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> All(string name) =>
        [.. _samples.Where(s => s.Name == name).Select(s => (s.Labels, s.Value))];

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>[-+]?(?:[0-9.eE+-]+|Inf)|NaN)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
