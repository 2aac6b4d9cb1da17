using System.Buffers;

namespace Auscult.Audio;

/// <summary>
/// One channel of samples, perhaps in an array rented from <see cref="ArrayPool{T}.Shared"/>: read them through
/// <see cref="Span"/> and dispose to hand the array back. For loops over many clips, where a fresh 640 KB array per
/// 10-s clip costs page faults that take longer than the decoding.
/// </summary>
public readonly struct PooledSamples : IDisposable
{
    private readonly float[] _array;
    private readonly bool _rented;

    internal PooledSamples(float[] array, int length, bool rented)
    {
        _array = array;
        Length = length;
        _rented = rented;
    }

    /// <summary>Number of samples.</summary>
    public int Length { get; }

    /// <summary>The samples; not to be used after <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<float> Span => _array.AsSpan(0, Length);

    /// <summary>Returns a rented array to the pool.</summary>
    public void Dispose()
    {
        if (_rented)
        {
            ArrayPool<float>.Shared.Return(_array);
        }
    }
}
