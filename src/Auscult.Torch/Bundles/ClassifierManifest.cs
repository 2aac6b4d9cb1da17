using Auscult.Torch.Classifier;

namespace Auscult.Torch.Bundles;

/// <summary>The classifier-specific part of a bundle's manifest: enough to rebuild the network and report its training.</summary>
/// <param name="Config">Network shape, input resolution and learning rate of the kept trial.</param>
/// <param name="ClassNames">Class names in output order; index 0 is the normal class.</param>
/// <param name="Normalization">Per-band mean and standard deviation applied to the log-mel input.</param>
/// <param name="Training">The split, epochs, options and every trial of the search.</param>
public sealed record ClassifierManifest(ClassifierConfig Config, IReadOnlyList<string> ClassNames, BandNormalization Normalization, ClassifierTrainingSummary Training);
