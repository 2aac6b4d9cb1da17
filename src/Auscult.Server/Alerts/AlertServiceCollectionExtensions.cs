using Auscult.Server.Alerts.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Auscult.Server.Alerts;

/// <summary>Registers the alert engine and the webhook notifier with a host.</summary>
public static class AlertServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AlertEngine"/> (singleton, with <paramref name="policy"/>) and <see cref="WebhookNotifier"/>
    /// (singleton and hosted service, with <paramref name="webhooks"/>). Uses the registered <see cref="TimeProvider"/>
    /// (else the system clock) and <see cref="IWebhookDeliveryLog"/> (register the storage's before calling this; else an
    /// <see cref="InMemoryWebhookDeliveryLog"/>). Both option sets are validated now.
    /// </summary>
    /// <exception cref="ConfigurationException">An option is out of range.</exception>
    public static IServiceCollection AddAuscultAlerts(this IServiceCollection services, AlertPolicy policy, WebhookOptions webhooks)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(webhooks);
        policy.Validate();
        webhooks.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebhookDeliveryLog, InMemoryWebhookDeliveryLog>();
        services.AddHttpClient(WebhookNotifier.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan); // the notifier times each attempt itself
        services.AddSingleton(sp => new AlertEngine(policy, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WebhookNotifier(webhooks, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IWebhookDeliveryLog>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WebhookNotifier>>()));
        services.AddHostedService(sp => sp.GetRequiredService<WebhookNotifier>());
        return services;
    }
}
