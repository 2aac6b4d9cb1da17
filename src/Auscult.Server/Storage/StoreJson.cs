using System.Text.Json;
using System.Text.Json.Serialization;

namespace Auscult.Server.Storage;

/// <summary>How JSON columns are written: camelCase, enums as kebab-case words, like the API.</summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
