namespace Auscult.Torch.Classifier;

/// <summary>
/// The classifier's input standardisation: each mel band minus its mean over the training images' frames, divided by
/// its standard deviation. Statistics of the whole training split, not of each clip, so that a clip's absolute level
/// (a louder machine is often the fault) still reaches the network.
/// </summary>
/// <param name="Means">Mean log-mel value of each band over all training frames.</param>
/// <param name="StandardDeviations">Population standard deviation of each band; at least 1e-3, so a silent band does not blow up.</param>
public sealed record BandNormalization(IReadOnlyList<float> Means, IReadOnlyList<float> StandardDeviations)
{
    private const double MinimumDeviation = 1e-3;

    /// <summary>The statistics of the given images' frames, accumulated in double (hundreds of thousands of values).</summary>
    internal static BandNormalization Fit(IEnumerable<Features.FeatureMatrix> images, int mels)
    {
        var sum = new double[mels];
        var squares = new double[mels];
        long count = 0;
        foreach (var image in images)
        {
            for (int t = 0; t < image.Rows; t++)
            {
                var row = image.Row(t);
                for (int m = 0; m < mels; m++)
                {
                    sum[m] += row[m];
                    squares[m] += (double)row[m] * row[m];
                }
            }

            count += image.Rows;
        }

        var means = new float[mels];
        var deviations = new float[mels];
        for (int m = 0; m < mels; m++)
        {
            double mean = sum[m] / count;
            means[m] = (float)mean;
            deviations[m] = (float)Math.Max(MinimumDeviation, Math.Sqrt(Math.Max(0, (squares[m] / count) - (mean * mean))));
        }

        return new BandNormalization(means, deviations);
    }

    /// <summary>Writes the standardised first <c>destination.Length / mels</c> frames of <paramref name="logMel"/>.</summary>
    internal void Apply(Features.FeatureMatrix logMel, Span<float> destination)
    {
        int mels = Means.Count;
        int frames = destination.Length / mels;
        for (int t = 0; t < frames; t++)
        {
            var row = logMel.Row(t);
            var target = destination.Slice(t * mels, mels);
            for (int m = 0; m < mels; m++)
            {
                target[m] = (row[m] - Means[m]) / StandardDeviations[m];
            }
        }
    }
}
