using System.Globalization;
using Auscult.Audio;

namespace Auscult.Health;

/// <summary>
/// Checks a clip's input before it is scored: level, clipping, DC offset, dropouts, non-finite samples, duration,
/// sample rate and level against the model's training clips, and dead or duplicated channels. A clip with an
/// <see cref="HealthSeverity.Unfit"/> problem tells nothing about the machine and must get the verdict "input unfit".
/// </summary>
/// <remarks>
/// The limits are the named constants below, each with the reason for its value. Stateless and thread-safe; one pass
/// over the samples, no allocation beyond the result.
/// </remarks>
public static class InputHealthAnalyzer
{
    /// <summary>
    /// Below -90 dBFS RMS a channel hears nothing: 16-bit quantisation noise alone sits near -101 dBFS, and a live
    /// microphone beside a running machine measures -60 to -20 dBFS (MIMII and DCASE clips: -50 to -25).
    /// </summary>
    public const double SilenceDbfs = -90;

    /// <summary>A sample at or above this magnitude (of full scale 1.0) counts as clipped; 16-bit full scale is 32767/32768.</summary>
    public const double ClipLevel = 0.999;

    /// <summary>
    /// More than 0.1% clipped samples (16 ms of a 10-s clip) is unfit: the flattened peaks add harmonics across the
    /// spectrum that the model would read as the machine's. Fewer: a warning.
    /// </summary>
    public const double MaxClippedFraction = 0.001;

    /// <summary>A mean beyond 10% of full scale is a faulty input stage, not sound; a microphone's own offset is well under 1%.</summary>
    public const double MaxDcOffset = 0.1;

    /// <summary>
    /// One value repeated for 100 ms or more is a dropout or a stuck converter: real sound, even through 16 bits, does
    /// not hold a sample for 1,600 samples at 16 kHz.
    /// </summary>
    public static readonly TimeSpan MaxFlatRun = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A clip more than 12 dB from the training clips' level (their range when known, else their mean) is unfit: the log-mel features move with the level, and
    /// 12 dB is the microphone-gain step the drift scenarios use; from 3 dB it is a warning (a normal pump clip at -3 dB
    /// scored 6.46 against a threshold of 5.26).
    /// </summary>
    public const double MaxLevelDifferenceDb = 12;

    /// <summary>See <see cref="MaxLevelDifferenceDb"/>.</summary>
    public const double WarnLevelDifferenceDb = 3;

    /// <summary>A clip under half or over twice the training clips' duration: its score averages other material than the model learned from (a warning).</summary>
    public const double MaxDurationRatio = 2;

    /// <summary>A channel this far below the loudest one of the same array is dead (array microphones differ by a few dB).</summary>
    public const double DeadChannelMarginDb = 40;

    /// <summary>Checks one clip; with <paramref name="reference"/> also against the model's training clips.</summary>
    public static InputHealth Analyze(AudioClip clip, InputReference? reference = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        int channels = clip.ChannelCount;
        ReadOnlySpan<float> samples = clip.Interleaved;
        var sumSquares = new double[channels];
        var lastValue = new float[channels];
        var runLength = new int[channels];
        long nonFinite = 0, clipped = 0, finite = 0;
        double sum = 0, peak = 0;
        int longestRun = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            int c = i % channels;
            float x = samples[i];
            if (!float.IsFinite(x))
            {
                nonFinite++;
                runLength[c] = 0;
                continue;
            }

            finite++;
            double magnitude = Math.Abs(x);
            sumSquares[c] += (double)x * x;
            sum += x;
            peak = Math.Max(peak, magnitude);
            clipped += magnitude >= ClipLevel ? 1 : 0;
            runLength[c] = runLength[c] > 0 && x == lastValue[c] ? runLength[c] + 1 : 1;
            lastValue[c] = x;
            longestRun = Math.Max(longestRun, runLength[c]);
        }

        int frames = clip.FrameCount;
        var channelDbfs = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            channelDbfs[c] = Dbfs(Math.Sqrt(sumSquares[c] / Math.Max(1, frames)));
        }

        double rmsDbfs = Dbfs(Math.Sqrt(sumSquares.Sum() / Math.Max(1, finite)));
        double clippedFraction = finite == 0 ? 0 : (double)clipped / finite;
        double dcOffset = finite == 0 ? 0 : sum / finite;
        var flatRun = TimeSpan.FromSeconds((double)longestRun / clip.SampleRate);

        var problems = new List<HealthProblem>();
        void Add(HealthCheck check, HealthSeverity severity, string message) => problems.Add(new HealthProblem(check, severity, message));

        if (nonFinite > 0)
        {
            Add(HealthCheck.NonFinite, HealthSeverity.Unfit, $"{nonFinite} of {samples.Length} samples are NaN or infinite");
        }

        if (rmsDbfs < SilenceDbfs)
        {
            Add(HealthCheck.Silence, HealthSeverity.Unfit, $"level {Db(rmsDbfs)} dBFS, below {Db(SilenceDbfs)} dBFS: the microphone hears nothing");
        }

        if (clippedFraction > MaxClippedFraction)
        {
            Add(HealthCheck.Clipping, HealthSeverity.Unfit, $"{Percent(clippedFraction)} of samples clipped (at most {Percent(MaxClippedFraction)}): the recording is distorted");
        }
        else if (clipped > 0)
        {
            Add(HealthCheck.Clipping, HealthSeverity.Warning, $"{clipped} samples clipped");
        }

        if (Math.Abs(dcOffset) > MaxDcOffset)
        {
            Add(HealthCheck.DcOffset, HealthSeverity.Unfit, $"DC offset {dcOffset.ToString("0.###", CultureInfo.InvariantCulture)} of full scale (at most {MaxDcOffset.ToString(CultureInfo.InvariantCulture)}): a faulty input stage");
        }

        if (flatRun >= MaxFlatRun && rmsDbfs >= SilenceDbfs)
        {
            Add(HealthCheck.FlatRun, HealthSeverity.Unfit, $"one value repeated for {Milliseconds(flatRun)} ms (at most {Milliseconds(MaxFlatRun)} ms): a dropout or a stuck converter");
        }

        if (channels > 1)
        {
            CheckChannels(clip, channelDbfs, Add);
        }

        if (reference is not null)
        {
            CheckAgainst(reference, clip, rmsDbfs, Add);
        }

        problems.Sort((a, b) => b.Severity.CompareTo(a.Severity));
        return new InputHealth(clip.SampleRate, clip.Duration, channels, rmsDbfs, Dbfs(peak), clippedFraction, dcOffset, flatRun, nonFinite,
            channelDbfs, problems);
    }

    private static void CheckChannels(AudioClip clip, double[] channelDbfs, Action<HealthCheck, HealthSeverity, string> add)
    {
        double loudest = channelDbfs.Max();
        for (int c = 0; c < channelDbfs.Length; c++)
        {
            if (loudest >= SilenceDbfs && channelDbfs[c] < loudest - DeadChannelMarginDb)
            {
                add(HealthCheck.DeadChannel, HealthSeverity.Warning, $"channel {c} is dead ({Db(channelDbfs[c])} dBFS against {Db(loudest)} dBFS)");
            }
        }

        ReadOnlySpan<float> samples = clip.Interleaved;
        int channels = clip.ChannelCount, frames = clip.FrameCount;
        for (int a = 0; a < channels; a++)
        {
            for (int b = a + 1; b < channels; b++)
            {
                if (channelDbfs[a] < SilenceDbfs)
                {
                    continue; // two dead channels are reported as dead, not as copies
                }

                bool same = true;
                for (int f = 0; f < frames && same; f++)
                {
                    same = samples[(f * channels) + a] == samples[(f * channels) + b];
                }

                if (same)
                {
                    add(HealthCheck.DuplicateChannel, HealthSeverity.Warning, $"channels {a} and {b} carry the same samples (a wiring or driver fault)");
                }
            }
        }
    }

    private static void CheckAgainst(InputReference reference, AudioClip clip, double rmsDbfs, Action<HealthCheck, HealthSeverity, string> add)
    {
        // Measured from the training clips' range of levels when the reference knows it, else from their mean: a model
        // trained on several machines has heard every level in that range, and a clip within it is not off-level.
        double low = reference.MinRmsDbfs ?? reference.MeanRmsDbfs, high = reference.MaxRmsDbfs ?? reference.MeanRmsDbfs;
        double difference = rmsDbfs < low ? rmsDbfs - low : rmsDbfs > high ? rmsDbfs - high : 0;
        string training = low == high
            ? $"the training clips' {Db(low)} dBFS"
            : $"the training clips' {Db(low)} to {Db(high)} dBFS";
        if (double.IsFinite(difference) && Math.Abs(difference) > MaxLevelDifferenceDb)
        {
            add(HealthCheck.Level, HealthSeverity.Unfit,
                $"level {Db(rmsDbfs)} dBFS, {Db(Math.Abs(difference))} dB {(difference < 0 ? "below" : "above")} {training} (at most {Db(MaxLevelDifferenceDb)} dB): check the microphone and its gain");
        }
        else if (double.IsFinite(difference) && Math.Abs(difference) > WarnLevelDifferenceDb)
        {
            add(HealthCheck.Level, HealthSeverity.Warning,
                $"level {Db(Math.Abs(difference))} dB {(difference < 0 ? "below" : "above")} {training}: scores shift with the level");
        }

        if (clip.SampleRate != reference.SampleRate)
        {
            add(HealthCheck.SampleRate, HealthSeverity.Warning,
                $"recorded at {clip.SampleRate} Hz, the training clips at {reference.SampleRate} Hz: resampling changes the top mel bands");
        }

        double ratio = clip.Duration / reference.Duration;
        if (reference.Duration > TimeSpan.Zero && (ratio > MaxDurationRatio || ratio < 1 / MaxDurationRatio))
        {
            add(HealthCheck.Duration, HealthSeverity.Warning,
                $"{clip.Duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s long, the training clips {reference.Duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
        }
    }

    private static double Dbfs(double amplitude) => amplitude > 0 ? 20 * Math.Log10(amplitude) : double.NegativeInfinity;

    private static string Db(double value) => double.IsNegativeInfinity(value) ? "-inf" : value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    private static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
}
