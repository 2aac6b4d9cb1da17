using System.Collections.Frozen;
using System.Text.Json;

namespace Auscult.Server;

/// <summary>
/// The kebab-case words enums travel and are stored as (<c>input-unfit</c>, <c>no-data</c>), the same in JSON and in
/// the database.
/// </summary>
public static class WireNames
{
    /// <summary>The word for <paramref name="value"/>.</summary>
    public static string Of<T>(T value) where T : struct, Enum => Cache<T>.Names[value];

    /// <summary>The value a word names.</summary>
    /// <exception cref="FormatException">No value of <typeparamref name="T"/> is named <paramref name="word"/>.</exception>
    public static T Parse<T>(string word) where T : struct, Enum =>
        Cache<T>.Values.TryGetValue(word, out var value) ? value
            : throw new FormatException($"'{word}' is not one of {string.Join(", ", Cache<T>.Values.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>The value a word names, or null.</summary>
    public static T? TryParse<T>(string? word) where T : struct, Enum =>
        word is not null && Cache<T>.Values.TryGetValue(word, out var value) ? value : null;

    private static class Cache<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Names =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<string, T> Values =
            Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
