using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Jobs;

/// <summary>
/// Training data for the jobs' tests: the dashboard's scenario (about twenty normal fan clips, the test model active for
/// fans) with fan-03's alert confirmed as clogging (two anomalous labels), and tiny job budgets.
/// </summary>
internal static class JobScenario
{
    /// <summary>Settings of a tiny budget: two epochs, small minimums.</summary>
    public static Dictionary<string, string> Tiny(int epochs = 2) => new()
    {
        ["Auscult:Jobs:Epochs"] = epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Auscult:Jobs:RetrainMinimumClips"] = "10",
        ["Auscult:Jobs:FirstModelMinimumClips"] = "8",
        ["Auscult:Jobs:ClassifierMinimumAnomalies"] = "3",
        ["Auscult:Jobs:ClassifierBudget"] = "00:00:02",
    };

    /// <summary>Seeds the data, with <paramref name="moreAnomalies"/> more anomalous clips in fan-03's alert; returns the alert's id.</summary>
    public static async Task<string> SeedAsync(AuscultApp app, int moreAnomalies = 0)
    {
        string alertId = await DashboardScenario.SeedAsync(app);
        using var admin = app.Admin();
        for (int i = 0; i < moreAnomalies; i++)
        {
            var answer = await DashboardScenario.PostAsync(admin, "fan-03", TestAudio.AnomalousWav(700 + i));
            Assert.Equal(alertId, (string?)answer["alertId"]);
        }

        using var confirm = await admin.PostAsJsonAsync($"/api/v1/alerts/{alertId}/confirm", new { kind = "clogging" });
        confirm.EnsureSuccessStatusCode();
        return alertId;
    }

    /// <summary>Starts a job; returns the answer.</summary>
    public static Task<HttpResponseMessage> StartAsync(HttpClient client, string kind, string machineType) =>
        client.PostAsJsonAsync("/api/v1/jobs", new { kind, machineType });

    /// <summary>Polls the job until <paramref name="done"/> holds (at most 3 minutes: a hang guard, not a timing).</summary>
    public static async Task<JsonObject> WaitAsync(HttpClient client, string jobId, Func<JsonObject, bool> done)
    {
        var limit = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            using var response = await client.GetAsync($"/api/v1/jobs/{jobId}");
            response.EnsureSuccessStatusCode();
            var job = await Json.ObjectAsync(response);
            if (done(job))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < limit, $"job {jobId} did not get there within 3 minutes: {job.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Whether the job has ended.</summary>
    public static bool Finished(JsonObject job) => (string?)job["state"] is "succeeded" or "failed" or "cancelled";
}
