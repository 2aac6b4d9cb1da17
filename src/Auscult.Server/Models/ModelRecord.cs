using System.Text.Json;
using System.Text.Json.Serialization;

namespace Auscult.Server.Models;

/// <summary>An uploaded model bundle.</summary>
/// <param name="Id">SHA-256 of the bundle file, lower-case hex.</param>
/// <param name="Kind"><c>autoencoder</c> or <c>classifier</c>.</param>
/// <param name="MachineType">The machine type it was trained on, when the bundle says.</param>
/// <param name="Metrics">Threshold, false-alarm rates, training data and score distributions, from the manifest.</param>
/// <param name="FilePath">Where the bundle is, relative to the data folder.</param>
/// <param name="SizeBytes">The bundle's size.</param>
/// <param name="UploadedBy">The id of the key that uploaded it.</param>
/// <param name="UploadedAt">When.</param>
public sealed record ModelRecord(string Id, string Kind, string? MachineType, JsonElement Metrics, [property: JsonIgnore] string FilePath, long SizeBytes,
    string? UploadedBy, DateTimeOffset UploadedAt);
