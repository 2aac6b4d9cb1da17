namespace Auscult.Torch.Bundles;

/// <summary>How a model's log-mel input is normalised before it goes in (<see cref="BundleManifest.Normalization"/>).</summary>
public enum InputNormalization
{
    /// <summary>Log-mel values go in as they are: the autoencoder, as the MIMII and DCASE baselines. Written <c>none</c>.</summary>
    None,

    /// <summary>
    /// Each mel band minus its training mean, over its training standard deviation: the classifier (statistics in
    /// <see cref="ClassifierManifest.Normalization"/>). Written <c>band-standardize</c>.
    /// </summary>
    BandStandardize,
}
