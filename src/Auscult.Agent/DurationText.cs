using System.Globalization;

namespace Auscult.Agent;

/// <summary>Durations as people write them: <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>1h</c> or <c>00:05:00</c>.</summary>
public static class DurationText
{
    /// <exception cref="ConfigurationException">Not a positive duration with a unit; the message names <paramref name="where"/>.</exception>
    public static TimeSpan Parse(string text, string where)
    {
        string t = text.Trim();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                && value > 0 && double.IsFinite(value))
            {
                return TimeSpan.FromSeconds(value * seconds);
            }
        }

        if (t.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new ConfigurationException($"{where} '{text}' is not a duration: use e.g. 500ms, 10s, 5m, 1h or 00:05:00.");
    }
}
