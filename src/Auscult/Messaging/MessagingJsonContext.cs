using System.Text.Json.Serialization;

namespace Auscult.Messaging;

/// <summary>The JSON of the MQTT messages (source-generated: trimming-safe on the agent).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ScoreMessage))]
internal sealed partial class MessagingJsonContext : JsonSerializerContext;
