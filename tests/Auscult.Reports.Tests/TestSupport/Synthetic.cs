using Auscult.Features;

namespace Auscult.Reports.Tests.TestSupport;

/// <summary>Seeded synthetic inputs: sines in noise turned into dB spectrograms, and scores of two classes.</summary>
public static class Synthetic
{
    public const int SampleRate = 8000;
    public const int FftSize = 256;
    public const int HopLength = 128;
    public const int Bins = (FftSize / 2) + 1;

    /// <summary>Sines of the given frequencies plus uniform noise, <paramref name="seconds"/> long.</summary>
    public static float[] Sines(double seconds, int seed, params double[] frequenciesHz)
    {
        var random = new Random(seed);
        var samples = new float[(int)(seconds * SampleRate)];
        for (int i = 0; i < samples.Length; i++)
        {
            double t = (double)i / SampleRate;
            double v = 0.01 * ((2 * random.NextDouble()) - 1);
            foreach (double f in frequenciesHz)
            {
                v += 0.3 * Math.Sin(2 * Math.PI * f * t);
            }

            samples[i] = (float)v;
        }

        return samples;
    }

    /// <summary>A Hann-windowed power spectrogram in dB by direct DFT, [frames x FftSize/2+1].</summary>
    public static FeatureMatrix SpectrogramDb(float[] samples)
    {
        int frames = 1 + ((samples.Length - FftSize) / HopLength);
        var m = new FeatureMatrix(frames, Bins);
        for (int f = 0; f < frames; f++)
        {
            for (int k = 0; k < Bins; k++)
            {
                double re = 0, im = 0;
                for (int n = 0; n < FftSize; n++)
                {
                    double w = 0.5 - (0.5 * Math.Cos(2 * Math.PI * n / FftSize));
                    double angle = -2 * Math.PI * k * n / FftSize;
                    double x = w * samples[(f * HopLength) + n];
                    re += x * Math.Cos(angle);
                    im += x * Math.Sin(angle);
                }

                m[f, k] = (float)(10 * Math.Log10(Math.Max(1e-10, (re * re) + (im * im))));
            }
        }

        return m;
    }

    /// <summary>An STFT spectrogram of sines in noise.</summary>
    public static SpectrogramData Stft(int seed, params double[] frequenciesHz) =>
        new(SpectrogramDb(Sines(1.0, seed, frequenciesHz)), SampleRate, HopLength);

    /// <summary>
    /// A crude mel-like spectrogram: STFT power summed over rectangular bands between mel-spaced edges, with the
    /// band centres. Enough to exercise the mel axis; not a reference filter bank.
    /// </summary>
    public static SpectrogramData Mel(int bands, int seed, params double[] frequenciesHz)
    {
        var stft = SpectrogramDb(Sines(1.0, seed, frequenciesHz));
        static double ToMel(double hz) => 2595 * Math.Log10(1 + (hz / 700));
        static double ToHz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
        double top = ToMel(SampleRate / 2.0);
        double[] edges = Enumerable.Range(0, bands + 1).Select(i => ToHz(top * i / bands)).ToArray();
        double binHz = (double)SampleRate / FftSize;
        var mel = new FeatureMatrix(stft.Rows, bands);
        for (int f = 0; f < stft.Rows; f++)
        {
            for (int b = 0; b < bands; b++)
            {
                double sum = 1e-10;
                for (int k = 0; k < stft.Columns; k++)
                {
                    double hz = k * binHz;
                    if (hz >= edges[b] && hz < edges[b + 1])
                    {
                        sum += Math.Pow(10, stft[f, k] / 10);
                    }
                }

                mel[f, b] = (float)(10 * Math.Log10(sum));
            }
        }

        double[] centres = Enumerable.Range(0, bands).Select(b => ToHz(top * (b + 0.5) / bands)).ToArray();
        return new SpectrogramData(mel, SampleRate, HopLength, centres);
    }

    /// <summary>
    /// Scores of <paramref name="normal"/> normal clips around 10 and <paramref name="anomalous"/> anomalous ones
    /// around 13 (Gaussian, seeded), interleaved.
    /// </summary>
    public static LabelledScores Scores(int normal, int anomalous, int seed = 7)
    {
        var random = new Random(seed);
        var scores = new List<double>();
        // Exact class counts in a seeded shuffled order.
        var labels = Enumerable.Repeat(false, normal).Concat(Enumerable.Repeat(true, anomalous)).OrderBy(_ => random.Next()).ToList();
        foreach (bool anomaly in labels)
        {
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            scores.Add(anomaly ? 13 + (2 * gaussian) : 10 + gaussian);
        }

        return new LabelledScores(scores, labels);
    }

    /// <summary>The empirical ROC of the scores (no ties assumed), from (0, 0) to (1, 1).</summary>
    public static RocCurveData Roc(LabelledScores scores, double auc = 0.9, double partialAuc = 0.7)
    {
        var order = Enumerable.Range(0, scores.Scores.Count).OrderByDescending(i => scores.Scores[i]);
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        int tp = 0, fp = 0;
        foreach (int i in order)
        {
            if (scores.IsAnomaly[i])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            fpr.Add((double)fp / scores.NormalCount);
            tpr.Add((double)tp / scores.AnomalyCount);
        }

        return new RocCurveData(fpr, tpr, auc, partialAuc);
    }
}
