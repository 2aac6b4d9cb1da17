using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Auscult.Server.Alerts;

/// <summary>
/// The wire names of the alert enums (<c>input-unfit</c>, <c>no-model</c> ...), as JSON writes them, for database
/// columns, query strings and MQTT payloads.
/// </summary>
public static class WireName
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<object, string> Names, Dictionary<string, object> Values)> Cache = new();

    /// <summary>The wire name of <paramref name="value"/> (its <see cref="JsonStringEnumMemberNameAttribute"/>).</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Table<TEnum>().Names.TryGetValue(value, out string? name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no value {value}.");

    /// <summary>Parses a wire name (case-sensitive, as written by <see cref="Of{TEnum}"/>).</summary>
    /// <exception cref="InputException">The name is not one of <typeparamref name="TEnum"/>'s; the message lists them.</exception>
    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(name);
        var table = Table<TEnum>();
        return table.Values.TryGetValue(name, out object? value)
            ? (TEnum)value
            : throw new InputException($"'{name}' is not a valid {typeof(TEnum).Name} name; expected one of {string.Join(", ", table.Values.Keys)}.");
    }

    private static (Dictionary<object, string> Names, Dictionary<string, object> Values) Table<TEnum>() where TEnum : struct, Enum =>
        Cache.GetOrAdd(typeof(TEnum), type =>
        {
            var names = new Dictionary<object, string>();
            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                object value = field.GetValue(null)!;
                string name = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name;
                names[value] = name;
                values[name] = value;
            }

            return (names, values);
        });
}
