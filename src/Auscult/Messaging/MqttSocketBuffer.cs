namespace Auscult.Messaging;

/// <summary>The socket buffer size of every MQTT client connection that carries clips (agent, load generator, service).</summary>
/// <remarks>
/// MQTTnet gives a client's socket an 8-KiB send and receive buffer unless told otherwise, and a buffer set by hand turns
/// off Linux's buffer autotuning: a 320-KB clip then leaves in 8-KiB windows, each waiting for the peer's (delayed)
/// acknowledgement. Measured on loopback with mosquitto 2.0.11: 117-180 ms per 320-KB QoS 1 publish (7.5 clips/s from
/// one agent); with 1 MiB, 20 such publishes take 47-69 ms in all. 1 MiB holds three clips; the kernel caps it at
/// <c>net.core.wmem_max</c>/<c>rmem_max</c>.
/// </remarks>
public static class MqttSocketBuffer
{
    /// <summary>The send and receive buffer size, in bytes.</summary>
    public const int Bytes = 1 << 20;
}
