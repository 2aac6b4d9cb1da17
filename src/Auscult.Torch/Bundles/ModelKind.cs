namespace Auscult.Torch.Bundles;

/// <summary>What kind of model a bundle holds (<see cref="BundleManifest.ModelKind"/>).</summary>
public enum ModelKind
{
    /// <summary>A dense autoencoder trained on normal clips; the score is its reconstruction error.</summary>
    Autoencoder,

    /// <summary>A supervised spectrogram CNN; the score is its anomaly probability.</summary>
    Classifier,
}
