using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Auscult.Server;

/// <summary>
/// The words enums travel and are stored as (<c>input-unfit</c>, <c>no-data</c>): a value's
/// <see cref="JsonStringEnumMemberNameAttribute"/> when it has one, else its name in kebab case. The same in JSON, in
/// the database, in query strings and in MQTT payloads.
/// </summary>
public static class WireNames
{
    /// <summary>The word for <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a named value of <typeparamref name="T"/>.</exception>
    public static string Of<T>(T value) where T : struct, Enum =>
        Cache<T>.Names.TryGetValue(value, out string? name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} has no value {value}.");

    /// <summary>The value a word names (case-sensitive, as <see cref="Of{T}"/> writes it).</summary>
    /// <exception cref="InputException">No value of <typeparamref name="T"/> is named <paramref name="word"/>; the message lists the words.</exception>
    public static T Parse<T>(string word) where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(word);
        return Cache<T>.Values.TryGetValue(word, out var value)
            ? value
            : throw new InputException($"'{word}' is not a valid {typeof(T).Name} name; expected one of {string.Join(", ", Cache<T>.Words)}.");
    }

    /// <summary>The value a word names, or null.</summary>
    public static T? TryParse<T>(string? word) where T : struct, Enum =>
        word is not null && Cache<T>.Values.TryGetValue(word, out var value) ? value : null;

    /// <summary>Every word of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Cache<T>.Words;

    private static class Cache<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Names = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToFrozenDictionary(f => (T)f.GetValue(null)!,
                f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.KebabCaseLower.ConvertName(f.Name));

        public static readonly FrozenDictionary<string, T> Values = Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static readonly string[] Words = [.. Enum.GetValues<T>().Select(v => Names[v])];
    }
}
