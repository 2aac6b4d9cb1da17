using Auscult.Dsp;

namespace Auscult.Features;

/// <summary>
/// Log-mel frames from audio that arrives in blocks of any size (a sound card, a network stream): each frame is
/// emitted as soon as the samples it covers have arrived, and the frames at the end once <see cref="Complete"/> says
/// the signal has ended. The frames equal <see cref="LogMelExtractor.ExtractLogMel(ReadOnlySpan{float})"/> of the whole
/// signal bit for bit.
/// </summary>
/// <remarks>
/// <para>A centred frame t covers samples [t hop - n/2, t hop + n/2), n the FFT size. It is computed once sample
/// t hop + n/2 - 1 has arrived: its left padding (reflect or zeros) needs only the first n/2 + 1 samples, which are
/// kept. The last frames reach past the end of the signal and need its length, so they wait for
/// <see cref="Complete"/>. Only the samples later frames still need are buffered: about n samples, whatever the
/// length of the stream.</para>
/// <para>Only the <see cref="LogScale.Dcase"/> scale streams: <see cref="LogScale.DbRefMax"/> is relative to the
/// loudest value of the whole clip, which is known only at its end.</para>
/// <para>Not thread-safe: one instance per stream.</para>
/// </remarks>
public sealed class StreamingLogMelExtractor
{
    private readonly LogMelExtractor _extractor;
    private readonly Stft _stft;
    private readonly int _fftSize;
    private readonly int _hop;
    private readonly int _bands;
    private readonly int _offset; // n/2 for centred frames, 0 otherwise
    private readonly float[] _head; // the first n/2 + 1 samples, for reflect padding at the start
    private readonly float[] _frame;
    private readonly float[] _power;
    private readonly float[] _scratch;
    private readonly Queue<float[]> _ready = new();
    private float[] _buffer;
    private long _bufferStart; // absolute index of _buffer[0]
    private int _bufferLength;
    private long _received;
    private long _nextFrame;
    private bool _completed;

    /// <param name="extractor">The extractor whose options (and plans) the frames are made with.</param>
    /// <exception cref="ConfigurationException">The options use <see cref="LogScale.DbRefMax"/>, which cannot stream.</exception>
    public StreamingLogMelExtractor(LogMelExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        if (extractor.Options.LogScale != LogScale.Dcase)
        {
            throw new ConfigurationException("Log-mel frames can be streamed only on the DCASE log scale: the ref=max scale needs the whole clip's maximum.");
        }

        _extractor = extractor;
        _stft = extractor.Stft;
        _fftSize = _stft.FftSize;
        _hop = _stft.HopLength;
        _bands = extractor.Options.MelBandCount;
        _offset = _stft.Center ? _fftSize / 2 : 0;
        _head = new float[(_fftSize / 2) + 1];
        _frame = new float[_fftSize];
        _power = new float[_stft.BinCount];
        _scratch = new float[_stft.ScratchLength];
        _buffer = new float[2 * _fftSize];
    }

    /// <summary>Mel bands per frame.</summary>
    public int MelBandCount => _bands;

    /// <summary>Samples received so far.</summary>
    public long SamplesReceived => _received;

    /// <summary>Frames computed so far (read or waiting in <see cref="FramesReady"/>).</summary>
    public long FramesComputed => _nextFrame;

    /// <summary>Frames computed and not yet read.</summary>
    public int FramesReady => _ready.Count;

    /// <summary>Adds samples at the extractor's sample rate and computes every frame they complete.</summary>
    /// <exception cref="InvalidOperationException">After <see cref="Complete"/>.</exception>
    public void Append(ReadOnlySpan<float> samples)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The stream was completed; start a new extractor for a new signal.");
        }

        if (_received < _head.Length)
        {
            int take = (int)Math.Min(samples.Length, _head.Length - _received);
            samples[..take].CopyTo(_head.AsSpan((int)_received));
        }

        Buffer(samples);
        _received += samples.Length;
        // Frame t needs no right padding once t hop - offset + n samples have arrived.
        while ((_nextFrame * _hop) - _offset + _fftSize <= _received)
        {
            ComputeFrame(_nextFrame++, last: -1);
        }

        Trim();
    }

    /// <summary>Ends the signal: computes the frames that reach past its end, as the offline extractor pads them.</summary>
    /// <exception cref="InputException">The signal is too short for one frame (as <see cref="Stft.FrameCount"/> says).</exception>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_received > int.MaxValue)
        {
            throw new InputException($"The stream holds {_received} samples, more than one signal can (2^31 - 1).");
        }

        long frames = _stft.FrameCount((int)_received);
        while (_nextFrame < frames)
        {
            ComputeFrame(_nextFrame++, last: _received - 1);
        }
    }

    /// <summary>Copies up to <c>destination.Length / MelBandCount</c> ready frames, row-major, and returns how many.</summary>
    public int Read(Span<float> destination)
    {
        int count = 0;
        while (_ready.Count > 0 && destination.Length >= (count + 1) * _bands)
        {
            _ready.Dequeue().CopyTo(destination.Slice(count * _bands, _bands));
            count++;
        }

        return count;
    }

    /// <summary>Every ready frame as a matrix [frames x mels] (empty when none are ready).</summary>
    public FeatureMatrix ReadAll()
    {
        var matrix = new FeatureMatrix(_ready.Count, _bands);
        Read(matrix.Data);
        return matrix;
    }

    private void ComputeFrame(long frame, long last)
    {
        long start = (frame * _hop) - _offset;
        for (int i = 0; i < _fftSize; i++)
        {
            _frame[i] = SampleAt(start + i, last);
        }

        _stft.PowerOfFrame(_frame, _power, _scratch);
        var mel = new float[_bands];
        _extractor.FilterBank.Apply(_power, mel);
        _extractor.ToDcaseLogScale(mel);
        _ready.Enqueue(mel);
    }

    // The padded signal at an absolute index, by the offline rule (Stft): numpy 'reflect' mirrors about the edge
    // sample without repeating it, 'constant' pads zeros. `last` is the final sample's index, or -1 while the end is
    // unknown (then no index past the received samples is asked for).
    private float SampleAt(long index, long last)
    {
        if (index < 0)
        {
            return _stft.PadMode == PadMode.Constant ? 0f : _head[-index];
        }

        if (last >= 0 && index > last)
        {
            if (_stft.PadMode == PadMode.Constant)
            {
                return 0f;
            }

            index = (2 * last) - index;
        }

        return index < _head.Length && index < _received ? _head[index] : _buffer[index - _bufferStart];
    }

    private void Buffer(ReadOnlySpan<float> samples)
    {
        if (_bufferLength + samples.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _bufferLength + samples.Length));
        }

        samples.CopyTo(_buffer.AsSpan(_bufferLength));
        _bufferLength += samples.Length;
    }

    // Drops samples no later frame can reach: the next frame starts at next * hop - offset, and the end frames reflect
    // back at most n/2 samples from the end.
    private void Trim()
    {
        long keepFrom = Math.Min((_nextFrame * _hop) - _offset, _received - _head.Length);
        long drop = keepFrom - _bufferStart;
        if (drop <= 0)
        {
            return;
        }

        int n = (int)Math.Min(drop, _bufferLength);
        _buffer.AsSpan(n, _bufferLength - n).CopyTo(_buffer);
        _bufferLength -= n;
        _bufferStart += n;
    }
}
