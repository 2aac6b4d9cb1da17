using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>
/// Demo data for the dashboard's tests and screenshots, on the fake clock: six fans on two sites and a pump. fan-06
/// went quiet 40 minutes ago (offline), fan-03 sounds wrong twice (a warning alert), fan-05's microphone sends silence
/// (input fault), pump-01 is registered but has sent nothing (no data); the rest are ok.
/// </summary>
internal static class DashboardScenario
{
    public static readonly string[] Machines = ["fan-01", "fan-02", "fan-03", "fan-04", "fan-05", "fan-06", "pump-01"];

    /// <summary>Seeds the data; returns the id of fan-03's alert.</summary>
    public static async Task<string> SeedAsync(AuscultApp app)
    {
        await app.ActivateTestModelAsync();
        using var admin = app.Admin();
        foreach (string id in Machines)
        {
            string type = id.StartsWith("pump", StringComparison.Ordinal) ? "pump" : "fan";
            string site = id is "fan-01" or "fan-02" or "fan-03" or "pump-01" ? "plant-north" : "plant-south";
            string name = $"{(type == "fan" ? "Fan" : "Pump")} {id[^2..]}";
            using var put = await admin.PutAsJsonAsync($"/api/v1/machines/{id}", new { machineType = type, name, site });
            put.EnsureSuccessStatusCode();
        }

        int seed = 100;
        await PostAsync(admin, "fan-06", TestAudio.NormalWav(seed++));
        app.Clock.Advance(TimeSpan.FromMinutes(40));
        for (int round = 0; round < 4; round++)
        {
            foreach (string id in new[] { "fan-01", "fan-02", "fan-03", "fan-04", "fan-05" })
            {
                await PostAsync(admin, id, TestAudio.NormalWav(seed++));
            }

            app.Clock.Advance(TimeSpan.FromMinutes(2));
        }

        await PostAsync(admin, "fan-05", TestAudio.SilentWav());
        await PostAsync(admin, "fan-05", TestAudio.SilentWav());
        await PostAsync(admin, "fan-03", TestAudio.AnomalousWav(seed++));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var alert = await PostAsync(admin, "fan-03", TestAudio.AnomalousWav(seed++));
        return (string?)alert["alertId"] ?? throw new InvalidOperationException("fan-03's two anomalous clips opened no alert.");
    }

    /// <summary>Posts a clip and returns the service's answer.</summary>
    public static async Task<JsonObject> PostAsync(HttpClient client, string machineId, byte[] wav)
    {
        using var response = await AuscultApp.PostClipAsync(client, machineId, wav);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
