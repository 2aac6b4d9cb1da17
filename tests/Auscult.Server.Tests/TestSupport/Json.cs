using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>Reads answers as JSON trees, so tests check the wire names.</summary>
internal static class Json
{
    public static async Task<JsonObject> ObjectAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonArray> ArrayAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonArray>())!;

    /// <summary>Asserts a problem-details answer with <paramref name="status"/> whose detail contains <paramref name="words"/>; returns the detail.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, int status, string words)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ObjectAsync(response);
        Assert.Equal(status, (int)problem["status"]!);
        string detail = (string?)problem["detail"] ?? "";
        Assert.Contains(words, detail, StringComparison.OrdinalIgnoreCase);
        return detail;
    }
}
