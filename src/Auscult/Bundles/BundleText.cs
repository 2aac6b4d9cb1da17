using System.Globalization;
using System.Text;

namespace Auscult.Bundles;

/// <summary>
/// Makes text from a bundle (or about it) safe to put in an error message: a damaged or hostile file must not be able
/// to write control characters (terminal escapes, line breaks, bidirectional overrides) or megabytes into a log.
/// </summary>
internal static class BundleText
{
    /// <summary>Longest piece of bundle text quoted in a message.</summary>
    public const int MaxQuoted = 80;

    /// <summary>
    /// <paramref name="text"/> with every control or format character written as <c>\uXXXX</c> and, beyond
    /// <paramref name="maxLength"/> characters, cut with an ellipsis.
    /// </summary>
    public static string Safe(string? text, int maxLength = MaxQuoted)
    {
        if (text is null)
        {
            return "null";
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        for (int i = 0; i < text.Length; i++)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }

            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate)
            {
                // A lone surrogate is escaped too: it is invalid UTF-16 in a log.
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>A whole message made safe, with no length cap (its parts were capped where they were quoted).</summary>
    public static string SafeMessage(string message) => Safe(message, int.MaxValue);
}
