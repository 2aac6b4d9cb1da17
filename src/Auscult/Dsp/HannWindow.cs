namespace Auscult.Dsp;

/// <summary>The periodic Hann window used by librosa's STFT.</summary>
/// <remarks>
/// Matches <c>scipy.signal.get_window('hann', n, fftbins=True)</c>: the symmetric window of length <c>n + 1</c>
/// with its last sample dropped, <c>w[i] = 0.5 - 0.5 cos(2 pi i / n)</c>. It is computed the way scipy computes it
/// (<c>0.5 + 0.5 cos</c> over <c>linspace(-pi, pi, n + 1)</c>) in double precision and rounded to float32 once.
/// </remarks>
public static class HannWindow
{
    /// <summary>A new periodic Hann window of <paramref name="length"/> samples (at least 1).</summary>
    public static float[] Periodic(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var window = new float[length];
        FillPeriodic(window);
        return window;
    }

    /// <summary>Writes a periodic Hann window whose length is <c>window.Length</c>.</summary>
    public static void FillPeriodic(Span<float> window)
    {
        int n = window.Length;
        if (n == 1)
        {
            // scipy returns [1.0] for a one-point window.
            window[0] = 1f;
            return;
        }

        // numpy.linspace(-pi, pi, n + 1): start + i * step; the (dropped) last point would be exactly pi.
        double step = 2 * Math.PI / n;
        for (int i = 0; i < n; i++)
        {
            window[i] = (float)(0.5 + (0.5 * Math.Cos(-Math.PI + (i * step))));
        }
    }
}
