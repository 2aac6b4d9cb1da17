using System.Net;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests;

/// <summary>Keys on the wire: 401 without or with a wrong key, 403 for the wrong role; both header forms.</summary>
public sealed class AuthTests : IDisposable
{
    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task NoKey_Is401_WithProblemDetails_AndABearerChallenge()
    {
        using var client = _app.ClientWith(null);

        using var response = await client.GetAsync("/api/v1/machines");

        await Json.ProblemAsync(response, 401, "Authorization: Bearer");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("ak_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    public async Task AWrongKey_Is401(string key)
    {
        using var client = _app.ClientWith(key);

        using var response = await client.GetAsync("/api/v1/machines");

        await Json.ProblemAsync(response, 401, "API key");
    }

    [Fact]
    public async Task TheXApiKeyHeader_Works_LikeBearer()
    {
        using var client = _app.ClientWith(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", _app.AdminKey);

        using var response = await client.GetAsync("/api/v1/machines");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ARevokedKey_Is401()
    {
        var keys = _app.Services.GetRequiredService<KeyStore>();
        var (info, key) = await keys.CreateAsync(ApiRole.Operator, null, "revoke me", _app.Clock.GetUtcNow());
        using var client = _app.ClientWith(key);
        using var before = await client.GetAsync("/api/v1/machines");

        await keys.RevokeAsync(info.Id, _app.Clock.GetUtcNow());
        using var after = await client.GetAsync("/api/v1/machines");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await Json.ProblemAsync(after, 401, "revoked");
    }

    [Fact]
    public async Task AnOperator_Reads_ButCannotRegisterMachinesOrUploadModels()
    {
        using var client = _app.ClientWith(await _app.CreateKeyAsync(ApiRole.Operator));

        using var read = await client.GetAsync("/api/v1/machines");
        using var register = await client.PutAsync("/api/v1/machines/fan-01", System.Net.Http.Json.JsonContent.Create(new { machineType = "fan" }));
        using var upload = await client.PostAsync("/api/v1/models", new ByteArrayContent(TestModel.Bytes));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await Json.ProblemAsync(register, 403, "operator");
        await Json.ProblemAsync(upload, 403, "operator");
    }

    [Fact]
    public async Task ADevice_CannotRead()
    {
        using var client = _app.ClientWith(await _app.CreateKeyAsync(ApiRole.Device, "fan-01"));

        using var response = await client.GetAsync("/api/v1/machines/fan-01");

        await Json.ProblemAsync(response, 403, "device");
    }

    [Fact]
    public async Task HealthAndTheApiDocument_NeedNoKey()
    {
        using var client = _app.ClientWith(null);

        using var health = await client.GetAsync("/healthz");
        using var openapi = await client.GetAsync("/openapi/v1.json");
        using var reference = await client.GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openapi.StatusCode);
        var document = await Json.ObjectAsync(openapi);
        Assert.NotNull(document["paths"]!["/api/v1/machines/{machineId}/clips"]!["post"]!["requestBody"]!["content"]!["audio/wav"]);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("text/html", reference.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }
}
