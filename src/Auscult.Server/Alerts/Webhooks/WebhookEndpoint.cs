namespace Auscult.Server.Alerts.Webhooks;

/// <summary>One receiver of alert events (a supervision screen, a chat tool's incoming webhook ...).</summary>
public sealed record WebhookEndpoint
{
    /// <summary>The shortest secret accepted.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>Where events are POSTed (http or https).</summary>
    public required Uri Url { get; init; }

    /// <summary>The shared secret of the HMAC-SHA256 signature; at least <see cref="MinimumSecretLength"/> characters.</summary>
    public required string Secret { get; init; }

    /// <summary>Whether to send every alert change, including the quiet ones (updates, escalations of handled alerts).</summary>
    /// <value>Default false: only notifications (<see cref="AlertChange.Notify"/>), which is what chat tools want; a screen
    /// that mirrors alert state may want all.</value>
    public bool AllChanges { get; init; }
}
