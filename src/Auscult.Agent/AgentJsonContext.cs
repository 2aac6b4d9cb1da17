using System.Text.Json.Serialization;

namespace Auscult.Agent;

/// <summary>Source-generated JSON for the spool's metadata files, the status message and the configuration file.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ClipMetadata))]
[JsonSerializable(typeof(AgentStatus))]
[JsonSerializable(typeof(AgentConfigFile))]
internal sealed partial class AgentJsonContext : JsonSerializerContext
{
}
