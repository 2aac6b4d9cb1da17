using System.Text.Json.Serialization;

namespace Auscult.Data.Scenarios;

/// <summary>The scenario manifest's JSON (source-generated: the core is trimmable).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScenarioManifest))]
internal sealed partial class ScenarioJson : JsonSerializerContext;
