using Auscult.Server.Alerts;
using Auscult.Server.Alerts.Webhooks;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Alerting;

/// <summary>
/// Checks the alert rules (<c>Auscult:Alerts:*</c>, <see cref="AlertPolicy"/>) and the webhooks
/// (<c>Auscult:Webhooks:*</c>, <see cref="WebhookOptions"/>) when the service starts, so that a bad value stops the start
/// with a message naming the setting, its value and its range.
/// </summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertPolicy>, IValidateOptions<WebhookOptions>
{
    /// <summary>The configuration section of the alert rules.</summary>
    public const string AlertsSection = "Auscult:Alerts";

    /// <summary>The configuration section of the webhooks.</summary>
    public const string WebhooksSection = "Auscult:Webhooks";

    public ValidateOptionsResult Validate(string? name, AlertPolicy options) => Check(AlertsSection, () => options.Validate());

    public ValidateOptionsResult Validate(string? name, WebhookOptions options) => Check(WebhooksSection, () => options.Validate());

    private static ValidateOptionsResult Check(string section, Action validate)
    {
        try
        {
            validate();
            return ValidateOptionsResult.Success;
        }
        catch (ConfigurationException e)
        {
            return ValidateOptionsResult.Fail($"{section}: {e.Message}");
        }
    }
}
