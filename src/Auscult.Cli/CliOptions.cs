using System.CommandLine;

namespace Auscult.Cli;

/// <summary>Option builders several commands share.</summary>
internal static class CliOptions
{
    /// <summary>An option whose values are fixed words (case-insensitive) mapped to values, e.g. <c>db-ref-max</c>.</summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue, params (string Word, T Value)[] choices)
    {
        string words = string.Join("|", choices.Select(c => c.Word));
        return new Option<T>(name)
        {
            Description = description,
            HelpName = words,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                foreach (var (word, value) in choices)
                {
                    if (string.Equals(word, text, StringComparison.OrdinalIgnoreCase))
                    {
                        return value;
                    }
                }

                result.AddError($"'{text}' is not a valid value for {name}: use one of {words.Replace("|", ", ", StringComparison.Ordinal)}.");
                return defaultValue;
            },
        };
    }

    /// <summary><c>--format</c> with the given formats; the first is the default.</summary>
    public static Option<OutputFormat> Format(params OutputFormat[] allowed) =>
        Choice("--format", "Output format.", allowed[0], allowed.Select(f => (f.ToString().ToLowerInvariant(), f)).ToArray());

    /// <summary>Parses a duration such as <c>90s</c>, <c>10m</c>, <c>1.5h</c> or <c>00:10:00</c>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        string t = text.Trim();
        if (t.Length > 1 && double.TryParse(t[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) && value > 0)
        {
            switch (char.ToLowerInvariant(t[^1]))
            {
                case 's': return TimeSpan.FromSeconds(value);
                case 'm': return TimeSpan.FromMinutes(value);
                case 'h': return TimeSpan.FromHours(value);
            }
        }

        if (TimeSpan.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out TimeSpan span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new ConfigurationException($"'{text}' is not a duration: use e.g. 90s, 10m, 1h or 00:10:00.");
    }
}
