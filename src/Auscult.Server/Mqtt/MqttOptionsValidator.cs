using Auscult.Messaging;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Mqtt;

/// <summary>Checks <see cref="MqttOptions"/> when the service starts, naming each setting that is wrong.</summary>
public sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        BrokerAddress? address = null;
        if (!string.IsNullOrWhiteSpace(options.Broker))
        {
            try
            {
                address = BrokerAddress.Parse(options.Broker, "Auscult:Mqtt:Broker (--broker)");
            }
            catch (ConfigurationException e)
            {
                failures.Add(e.Message);
            }
        }

        if (options.ListenPort is { } port && port is < 1 or > 65535)
        {
            failures.Add($"Auscult:Mqtt:ListenPort (--mqtt-listen) must be a port from 1 to 65535; it is {port}.");
        }

        if (options.ListenPort is not null && !string.IsNullOrWhiteSpace(options.Broker))
        {
            failures.Add("--broker and --mqtt-listen exclude each other: subscribe to a site's broker, or host one in the service, not both.");
        }

        if (options.CaFile is not null && address is { UseTls: false })
        {
            failures.Add("Auscult:Mqtt:CaFile (--mqtt-ca-file) applies to a TLS broker: write its URL as mqtts://HOST:PORT.");
        }

        if (options.CaFile is not null && !File.Exists(options.CaFile))
        {
            failures.Add($"Auscult:Mqtt:CaFile (--mqtt-ca-file): {options.CaFile}: no such file.");
        }

        if (!MqttTopics.IsLevel(options.EffectiveClientId.Replace(':', '.')))
        {
            failures.Add($"Auscult:Mqtt:ClientId '{options.EffectiveClientId}' must be 1 to 128 letters, digits, '-', '_' or '.'.");
        }

        if (options.SessionExpiry < TimeSpan.FromMinutes(1) || options.SessionExpiry.TotalSeconds > uint.MaxValue)
        {
            failures.Add($"Auscult:Mqtt:SessionExpiry must be between 1 minute and 136 years; it is {options.SessionExpiry}.");
        }

        if (options.Workers is < 1 or > 64)
        {
            failures.Add($"Auscult:Mqtt:Workers must be from 1 to 64; it is {options.Workers}.");
        }

        if (options.ResultQueue is < 16 or > 1_000_000)
        {
            failures.Add($"Auscult:Mqtt:ResultQueue must be from 16 to 1000000; it is {options.ResultQueue}.");
        }

        if (!MqttTopics.IsLevel(options.DefaultSite))
        {
            failures.Add($"Auscult:Mqtt:DefaultSite '{options.DefaultSite}' cannot be a topic level: letters, digits, '.', '_' and '-' only.");
        }

        if (options.ReceiveMaximum is < 1 or > 65535)
        {
            failures.Add($"Auscult:Mqtt:ReceiveMaximum must be from 1 to 65535; it is {options.ReceiveMaximum}.");
        }

        if (options.ReconnectInitial <= TimeSpan.Zero || options.ReconnectMaximum < options.ReconnectInitial)
        {
            failures.Add($"Auscult:Mqtt:ReconnectInitial ({options.ReconnectInitial}) must be positive and at most ReconnectMaximum ({options.ReconnectMaximum}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
