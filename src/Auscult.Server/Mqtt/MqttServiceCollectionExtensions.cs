using Microsoft.Extensions.Options;

namespace Auscult.Server.Mqtt;

/// <summary>Registers the MQTT side of the service (active when <c>Auscult:Mqtt:Broker</c> or <c>Auscult:Mqtt:ListenPort</c> is set).</summary>
public static class MqttServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="MqttOptions"/> (validated at start) and adds the in-process broker and the subscriber that stores
    /// clips and publishes results; each does nothing unless its setting (<c>ListenPort</c>, <c>Broker</c>) is given.
    /// </summary>
    public static IServiceCollection AddAuscultMqtt(this IServiceCollection services)
    {
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MqttOptions>, MqttOptionsValidator>();
        services.AddSingleton<RefusedMessageStore>();
        services.AddSingleton<MqttMessageHandler>();
        services.AddSingleton<MqttResultPublisher>();
        services.AddSingleton<EmbeddedBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        services.AddSingleton<MqttClipConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttClipConsumer>());
        return services;
    }
}
