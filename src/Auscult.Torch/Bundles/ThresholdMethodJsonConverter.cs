using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Bundles;
using Auscult.Evaluation;

namespace Auscult.Torch.Bundles;

/// <summary>
/// Writes a threshold method by its command-line name (<see cref="ThresholdMethodNames"/>: <c>gamma</c>,
/// <c>percentile</c>, <c>fixed</c>, <c>equal-errors</c>, <c>max-f1</c>, <c>youden</c>); reads those and the older
/// spelling <c>gamma-quantile</c>.
/// </summary>
internal sealed class ThresholdMethodJsonConverter : JsonConverter<ThresholdMethod>
{
    /// <summary>Names older writers used for a method, beside today's.</summary>
    private static readonly Dictionary<string, ThresholdMethod> OlderNames = new(StringComparer.Ordinal)
    {
        ["gamma-quantile"] = ThresholdMethod.Gamma,
    };

    public override ThresholdMethod Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A threshold method is a name, not a {reader.TokenType}.");
        }

        string name = reader.GetString()!;
        foreach (var (known, method) in ThresholdMethodNames.All)
        {
            if (string.Equals(known, name, StringComparison.Ordinal))
            {
                return method;
            }
        }

        return OlderNames.TryGetValue(name, out var older)
            ? older
            : throw new JsonException(
                $"'{BundleText.Safe(name)}' is not a threshold method; known: {string.Join(", ", ThresholdMethodNames.All.Select(m => m.Name))}.");
    }

    public override void Write(Utf8JsonWriter writer, ThresholdMethod value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ThresholdMethodNames.Of(value));
}
