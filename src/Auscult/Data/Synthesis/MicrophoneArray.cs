namespace Auscult.Data.Synthesis;

/// <summary>
/// Microphone positions in the horizontal plane: one microphone at the origin (mono), or MIMII's circular array of
/// eight (TAMAGO-03) with radius 68 mm, microphone m at angle 2 pi m / 8. Sources radiate spherical waves: a microphone at
/// distance r from the source hears it (r - r0) / c later and r0 / r as loud as the array centre does.
/// </summary>
internal sealed class MicrophoneArray
{
    public const double RadiusMeters = 0.068;
    public const double SpeedOfSoundMetersPerSecond = 343.0; // dry air at 20 degC
    public const int CircularChannels = 8;

    private readonly double[] _x;
    private readonly double[] _y;

    private MicrophoneArray(double[] x, double[] y) => (_x, _y) = (x, y);

    public int Channels => _x.Length;

    public static MicrophoneArray Create(int channels)
    {
        if (channels == 1)
        {
            return new MicrophoneArray([0.0], [0.0]);
        }

        if (channels != CircularChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Only mono (1) or MIMII's 8-microphone array (8).");
        }

        var x = new double[channels];
        var y = new double[channels];
        for (int m = 0; m < channels; m++)
        {
            x[m] = RadiusMeters * Math.Cos(2 * Math.PI * m / channels);
            y[m] = RadiusMeters * Math.Sin(2 * Math.PI * m / channels);
        }

        return new MicrophoneArray(x, y);
    }

    /// <summary>
    /// Delay (samples, relative to the array centre; negative means earlier) and gain of microphone
    /// <paramref name="mic"/> for a source at <paramref name="azimuthRadians"/> and <paramref name="distanceMeters"/>
    /// from the centre.
    /// </summary>
    public (double DelaySamples, double Gain) Path(int mic, double azimuthRadians, double distanceMeters, int sampleRate)
    {
        double sx = distanceMeters * Math.Cos(azimuthRadians), sy = distanceMeters * Math.Sin(azimuthRadians);
        double r = Math.Sqrt(((sx - _x[mic]) * (sx - _x[mic])) + ((sy - _y[mic]) * (sy - _y[mic])));
        return ((r - distanceMeters) / SpeedOfSoundMetersPerSecond * sampleRate, distanceMeters / r);
    }
}
