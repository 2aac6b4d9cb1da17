using System.Threading.Channels;

namespace Auscult.Server.Clips;

/// <summary>
/// The results of the clips this instance committed, whichever way they came (HTTP, an MQTT clip, a device's score), for
/// the one reader that publishes them on MQTT (<see cref="Mqtt.MqttClipConsumer"/>). With no reader attached (MQTT off)
/// nothing is kept.
/// </summary>
/// <remarks>
/// Results are derived data and the clip path must never wait for a broker: the queue is bounded and drops its oldest
/// result when full (counted in <see cref="Dropped"/>); the next clip of that machine publishes its state again.
/// </remarks>
public sealed class CommittedClips
{
    private Channel<CommittedClip>? _channel;
    private long _dropped;

    /// <summary>Results dropped because the reader fell behind by a full queue.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Starts keeping results for one reader, at most <paramref name="capacity"/> of them.</summary>
    /// <exception cref="InvalidOperationException">A reader is attached already.</exception>
    public ChannelReader<CommittedClip> Attach(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var channel = Channel.CreateBounded<CommittedClip>(
            new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _dropped));
        if (Interlocked.CompareExchange(ref _channel, channel, null) is not null)
        {
            throw new InvalidOperationException("A reader of committed clips is attached already.");
        }

        return channel.Reader;
    }

    /// <summary>Hands <paramref name="clip"/> to the reader, if one is attached; never waits.</summary>
    public void Publish(CommittedClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        Volatile.Read(ref _channel)?.Writer.TryWrite(clip);
    }
}
