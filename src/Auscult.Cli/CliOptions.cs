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
}
