using System.Globalization;

namespace Auscult.Agent;

/// <summary>Sizes as people write them: <c>500MB</c>, <c>2GB</c>, <c>64KiB</c> or a number of bytes.</summary>
public static class SizeText
{
    /// <exception cref="ConfigurationException">Not a positive size; the message names <paramref name="where"/>.</exception>
    public static long Parse(string text, string where)
    {
        string t = text.Trim().Replace(" ", "", StringComparison.Ordinal);
        (string Suffix, long Bytes)[] units =
        [
            ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
            ("KB", 1000), ("MB", 1000_000), ("GB", 1000_000_000), ("TB", 1000_000_000_000), ("B", 1),
        ];
        foreach (var (suffix, bytes) in units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                && value > 0 && value * bytes < long.MaxValue)
            {
                return (long)(value * bytes);
            }
        }

        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long plain) && plain > 0)
        {
            return plain;
        }

        throw new ConfigurationException($"{where} '{text}' is not a size: use e.g. 512MB, 2GB or 64KiB.");
    }
}
