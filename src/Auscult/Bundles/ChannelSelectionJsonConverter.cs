using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Audio;

namespace Auscult.Bundles;

/// <summary>Writes a channel selection as <c>"mean"</c> or its index (<c>"0"</c>), as the command line spells it.</summary>
internal sealed class ChannelSelectionJsonConverter : JsonConverter<ChannelSelection>
{
    public override ChannelSelection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ChannelSelection.Parse(reader.GetString() ?? throw new JsonException("A channel must be a string."));

    public override void Write(Utf8JsonWriter writer, ChannelSelection value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.IsMean ? "mean" : value.Index.ToString(CultureInfo.InvariantCulture));
}
