using System.CommandLine;

namespace Auscult.Cli;

/// <summary>Option builders several commands share.</summary>
internal static class CliOptions
{
    /// <summary>The word help shows as each choice option's default (the value's own ToString would be a C# dump).</summary>
    /// Holds the default's word and the text .NET would render for it.
    public static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Option, Tuple<string, string>> DefaultWords = new();

    /// <summary>An option whose values are fixed words (case-insensitive) mapped to values, e.g. <c>db-ref-max</c>.</summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue, params (string Word, T Value)[] choices)
    {
        string words = string.Join("|", choices.Select(c => c.Word));
        var option = new Option<T>(name)
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
        string? defaultWord = choices.FirstOrDefault(c => EqualityComparer<T>.Default.Equals(c.Value, defaultValue)).Word;
        if (defaultWord is not null && defaultValue?.ToString() is { } rendered)
        {
            DefaultWords.AddOrUpdate(option, Tuple.Create(defaultWord, rendered));
        }

        return option;
    }

    /// <summary><c>--format</c> with the given formats; the first is the default.</summary>
    public static Option<OutputFormat> Format(params OutputFormat[] allowed) =>
        Choice("--format", "Output format.", allowed[0], allowed.Select(f => (f.ToString().ToLowerInvariant(), f)).ToArray());

    /// <summary>
    /// Parses a duration with its unit: <c>90s</c>, <c>10m</c>, <c>1.5h</c>, or <c>00:10:00</c>. A bare number is refused:
    /// .NET would read <c>5</c> as five days.
    /// </summary>
    public static TimeSpan ParseDuration(string text, string option = "--budget")
    {
        string t = text.Trim();
        if (t.Length > 1 && double.TryParse(t[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
            && value > 0 && double.IsFinite(value))
        {
            switch (char.ToLowerInvariant(t[^1]))
            {
                case 's': return TimeSpan.FromSeconds(value);
                case 'm': return TimeSpan.FromMinutes(value);
                case 'h': return TimeSpan.FromHours(value);
            }
        }

        if (t.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out TimeSpan span) && span > TimeSpan.Zero)
        {
            return span;
        }

        string hint = double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? " (a number needs a unit: s, m or h)"
            : "";
        throw new ConfigurationException($"{option} '{text}' is not a duration{hint}: use e.g. 90s, 10m, 1h or 00:10:00.");
    }

    /// <summary>Whether the user gave <paramref name="option"/> on the command line (not just its default).</summary>
    public static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>Refuses options that do not apply to what the command was asked to do.</summary>
    public static void RefuseUnless(ParseResult parse, bool applies, string why, params Option[] options)
    {
        if (!applies && options.FirstOrDefault(o => Given(parse, o)) is { } given)
        {
            throw new ConfigurationException($"{given.Name} does not apply {why}.");
        }
    }

    /// <summary>A duration for people: "18 s", "4 min 10 s", "1 h 5 min".</summary>
    public static string Human(TimeSpan duration)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (duration < TimeSpan.FromSeconds(10))
        {
            return duration.TotalSeconds.ToString("0.0", c) + " s";
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            return Math.Round(duration.TotalSeconds).ToString("0", c) + " s";
        }

        var rounded = TimeSpan.FromSeconds(Math.Round(duration.TotalSeconds));
        if (rounded < TimeSpan.FromHours(1))
        {
            return rounded.Seconds == 0 ? $"{(int)rounded.TotalMinutes} min" : $"{(int)rounded.TotalMinutes} min {rounded.Seconds} s";
        }

        return rounded.Minutes == 0 ? $"{(int)rounded.TotalHours} h" : $"{(int)rounded.TotalHours} h {rounded.Minutes} min";
    }

    /// <summary>"1 clip", "2 clips": a count with its noun in the right number.</summary>
    public static string Count(int count, string singular, string? plural = null) =>
        count == 1 ? $"1 {singular}" : $"{count} {plural ?? singular + "s"}";
}
