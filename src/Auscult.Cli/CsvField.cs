namespace Auscult.Cli;

/// <summary>CSV fields as RFC 4180 writes them: quoted, with doubled quotes, only when they hold a comma, quote or line break.</summary>
internal static class CsvField
{
    public static string Of(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
