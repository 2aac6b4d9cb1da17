using Auscult.Server.Alerts;
using Auscult.Server.Alerts.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Auscult.Server.Tests.Alerts;

public class AlertServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAuscultAlerts_RegistersTheEngineAndTheNotifier_WithTheHostsClockAndLog()
    {
        var clock = new FakeTimeProvider();
        var log = new InMemoryWebhookDeliveryLog();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock).AddSingleton<IWebhookDeliveryLog>(log);
        services.AddAuscultAlerts(AlertPolicy.Default with { ClearAfter = 5 }, new WebhookOptions());
        using var provider = services.BuildServiceProvider();

        Assert.Equal(5, provider.GetRequiredService<AlertEngine>().Policy.ClearAfter);
        var notifier = provider.GetRequiredService<WebhookNotifier>();
        Assert.Same(notifier, Assert.Single(provider.GetServices<IHostedService>()));
        Assert.Same(log, provider.GetRequiredService<IWebhookDeliveryLog>());
    }

    [Fact]
    public void AddAuscultAlerts_RefusesABadPolicyAtOnce() =>
        Assert.Throws<ConfigurationException>(() => new ServiceCollection().AddAuscultAlerts(AlertPolicy.Default with { ClearAfter = 0 }, new WebhookOptions()));
}
