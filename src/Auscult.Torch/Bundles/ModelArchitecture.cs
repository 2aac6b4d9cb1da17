namespace Auscult.Torch.Bundles;

/// <summary>The network shape recorded in a bundle; loading rebuilds the model from it.</summary>
public sealed record ModelArchitecture(int InputSize, IReadOnlyList<int> HiddenLayers, int Bottleneck, bool BatchNorm);
