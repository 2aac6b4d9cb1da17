using Auscult.Tests.TestSupport;

namespace Auscult.Agent.Tests;

public sealed class AgentConfigFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string json)
    {
        string path = _temp.Combine("agent.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Read_TwoMachinesOnOneCardAndAFolder()
    {
        string path = Write("""
            {
              // comments and trailing commas are allowed
              "deviceId": "edge-01", "site": "plant-a",
              "soundCards": [
                { "device": "hw:1,0", "sampleRate": 48000, "channels": 2, "duration": "5s", "every": "1m",
                  "machines": [ { "id": "fan-01", "type": "fan", "channel": 0 }, { "id": "pump-01", "type": "pump", "channel": 1 }, ] }
              ],
              "folders": [ { "path": "/srv/rec", "machine": { "id": "valve-01", "type": "valve" } } ]
            }
            """);

        var config = AgentConfigFile.Read(path);
        var card = Assert.Single(config.SoundCardOptions(path));

        Assert.Equal(("edge-01", "plant-a"), (config.DeviceId, config.Site));
        Assert.Equal(("hw:1,0", 48000, 2, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)), (card.Device, card.SampleRate, card.Channels, card.Duration, card.Every));
        Assert.Equal([new global::Auscult.Agent.Sources.Microphone("fan-01", "fan", 0), new global::Auscult.Agent.Sources.Microphone("pump-01", "pump", 1)], card.Microphones);
        Assert.Equal(("/srv/rec", "valve-01"), (config.Folders[0].Path, config.Folders[0].Machine!.Id));
    }

    [Fact]
    public void Read_BadJson_NamesTheFileAndThePlace()
    {
        string path = Write("""{ "soundCards": [ { "sampleRate": "fast" } ] }""");

        var error = Assert.Throws<InputException>(() => AgentConfigFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("$.soundCards[0].sampleRate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SoundCardOptions_ABadValue_NamesTheEntry()
    {
        string path = Write("""{ "soundCards": [ { "channels": 1, "every": "5x", "machines": [ { "id": "fan-01", "type": "fan" } ] } ] }""");

        var error = Assert.Throws<ConfigurationException>(() => AgentConfigFile.Read(path).SoundCardOptions(path));

        Assert.Contains("soundCards[0].every '5x' is not a duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoMachines_IsAConfigurationError()
    {
        string path = Write("""{ "deviceId": "edge-01" }""");
        Assert.Throws<ConfigurationException>(() => AgentConfigFile.Read(path));
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("10s", 10)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("00:05:00", 300)]
    public void DurationText_Parses(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text, "--every"));

    [Theory]
    [InlineData("512MB", 512_000_000L)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("65536", 65536L)]
    public void SizeText_Parses(string text, long bytes) => Assert.Equal(bytes, SizeText.Parse(text, "--spool-limit"));

    [Theory]
    [InlineData("5")]
    [InlineData("-1s")]
    [InlineData("soon")]
    public void DurationText_RefusesNumbersWithoutUnitsAndWords(string text) =>
        Assert.Throws<ConfigurationException>(() => DurationText.Parse(text, "--every"));
}
