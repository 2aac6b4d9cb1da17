using System.Text.Json;

namespace Auscult.Server.Alerts;

/// <summary>
/// The JSON form of the alert records (<see cref="MachineAlertState"/>, <see cref="Alert"/> ...): camelCase, enums by
/// their wire names, times as ISO 8601 with offset. Round trips exactly.
/// </summary>
public static class AlertJson
{
    /// <summary>The serializer options every alert record is written and read with.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>A machine's state as JSON, for its database row.</summary>
    public static string Serialize(MachineAlertState state) => JsonSerializer.Serialize(state, Options);

    /// <summary>Reads a machine's state back.</summary>
    /// <exception cref="InputException">The text is not a machine alert state.</exception>
    public static MachineAlertState DeserializeState(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<MachineAlertState>(json, Options)
                ?? throw new InputException("The stored machine alert state is null.");
        }
        catch (JsonException e)
        {
            throw new InputException($"The stored machine alert state is not valid: {e.Message}", e);
        }
    }
}
