namespace Auscult.Audio;

/// <summary>What a WAV file's header says, read without decoding the samples (<see cref="WavReader.ReadInfo(string)"/>).</summary>
/// <param name="FormatName">
/// The encoding in words: <c>PCM</c> or <c>IEEE float</c>, with <c> (WAVE_FORMAT_EXTENSIBLE)</c> appended when the
/// file uses format tag 0xFFFE.
/// </param>
/// <param name="FormatTag">The <c>fmt </c> chunk's format tag as stored: 0x0001 (PCM), 0x0003 (IEEE float) or 0xFFFE.</param>
/// <param name="BitsPerSample">Bits per stored sample (the container size: 8, 16, 24, 32 or 64).</param>
/// <param name="ChannelCount">Channels per frame.</param>
/// <param name="SampleRate">Frames per second (Hz).</param>
/// <param name="FrameCount">Samples per channel: the <c>data</c> chunk's size over the block align, rounded down.</param>
public sealed record WavInfo(string FormatName, int FormatTag, int BitsPerSample, int ChannelCount, int SampleRate, long FrameCount)
{
    /// <summary>Playing time: <see cref="FrameCount"/> / <see cref="SampleRate"/>.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)FrameCount / SampleRate);
}
