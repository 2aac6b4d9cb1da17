using Auscult.Agent.Tests.TestSupport;
using Auscult.Messaging;
using Auscult.Server.Mqtt;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Mqtt;

/// <summary><c>auscult serve --mqtt-listen PORT</c>: the service hosts the broker and subscribes to it like to any other.</summary>
public sealed class EmbeddedBrokerTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private LiveService _service = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        // The probed port may be taken before the broker binds it: then start again on another one.
        for (int attempt = 1; ; attempt++)
        {
            _port = LoopbackHttp.FreePort();
            try
            {
                _service = await LiveService.StartAsync(_temp.Combine($"data-{attempt}"), new Dictionary<string, string>
                {
                    ["Auscult:Mqtt:ListenPort"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Auscult:Mqtt:ListenAddress"] = "127.0.0.1",
                    ["Auscult:Mqtt:ReconnectInitial"] = "00:00:00.100",
                    ["Auscult:Mqtt:ReconnectMaximum"] = "00:00:00.500",
                });
                return;
            }
            catch (ConfigurationException) when (attempt < 5)
            {
                // Taken: try another port.
            }
        }
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task AClipPublishedToTheInProcessBroker_IsStored_AndItsScoreComesBack()
    {
        await Eventually.TrueAsync(() => _service.Services.GetRequiredService<MqttClipConsumer>().IsConnected, "the service subscribed to its own broker");
        await _service.ActivateTestModelAsync(_service.AdminKey!);
        await using var screen = new ClipSubscriber(_port, "screen", "", "auscult/v1/hall/+/score");
        await screen.StartAsync();
        await using var device = await ClipPublisher.ConnectAsync(_port);

        await device.ClipAsync("hall", "fan-05", TestAudio.AnomalousWav(4), "embedded-1");
        await device.ClipAsync("hall", "fan-05", TestAudio.AnomalousWav(4), "embedded-1");

        await Eventually.TrueAsync(() => screen.Messages.Count >= 2, "two scores (the repeat answered with the first result)");
        var scores = screen.Messages.Select(m => ScoreMessage.Parse(m.Payload, m.Topic)).ToList();
        Assert.All(scores, s => Assert.Equal(("embedded-1", "anomalous"), (s.ClipId, s.Verdict)));
        Assert.Single(scores.Select(s => s.ServerClipId).Distinct());
        Assert.Equal(1, (await _service.CountsAsync()).Clips);
    }
}
