using System.Text.Json;
using System.Text.Json.Serialization;

namespace Auscult.Bundles;

/// <summary>
/// Reads and writes an enum of the feature options by its camel-case name (<c>DbRefMax</c> as <c>dbRefMax</c>), as
/// bundle manifests write them; numbers are refused. A closed type of it can be named in a source-generated context.
/// </summary>
internal sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
