using System.Text.Json;
using System.Text.Json.Serialization;

namespace Auscult.Bundles;

/// <summary>
/// Writes an enum of the manifest by its lower-case, hyphenated name (<c>BandStandardize</c> as <c>band-standardize</c>),
/// the strings formats 1 and 2 wrote as free text; numbers are refused.
/// </summary>
public sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
