using Auscult.Server.Auth;

namespace Auscult.Server.Tests;

public sealed class ApiKeysTests
{
    [Fact]
    public void NewKey_IsAkPrefixedBase64UrlOf32RandomBytes_AndDiffersEachTime()
    {
        string a = ApiKeys.NewKey();
        string b = ApiKeys.NewKey();

        Assert.Matches("^ak_[A-Za-z0-9_-]{43}$", a);
        Assert.NotEqual(a, b);
        Assert.True(ApiKeys.LooksLikeKey(a));
    }

    [Fact]
    public void Matches_OnlyTheKeyWhoseHashIsStored()
    {
        string key = ApiKeys.NewKey();
        string hash = ApiKeys.Hash(key);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.True(ApiKeys.Matches(key, hash));
        Assert.False(ApiKeys.Matches(ApiKeys.NewKey(), hash));
        Assert.False(ApiKeys.Matches(key, "not hex"));
        Assert.False(ApiKeys.Matches(key, hash[..32]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ak_short")]
    [InlineData("xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ak_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void LooksLikeKey_RefusesOtherShapes(string? key) => Assert.False(ApiKeys.LooksLikeKey(key));

    [Fact]
    public void ADeviceKey_MayPostOnlyForItsMachines_AnAdminForAll()
    {
        var device = new ApiKeyInfo("key_1", null, ApiRole.Device, ["fan-01"], "ak_x", DateTimeOffset.UnixEpoch, null);
        var admin = device with { Role = ApiRole.Admin, Machines = [] };
        var op = device with { Role = ApiRole.Operator, Machines = [] };

        Assert.True(device.MayPostFor("fan-01"));
        Assert.False(device.MayPostFor("fan-02"));
        Assert.False(device.MayPostFor("FAN-01"));
        Assert.True(admin.MayPostFor("anything"));
        Assert.False(op.MayPostFor("fan-01"));
    }
}
