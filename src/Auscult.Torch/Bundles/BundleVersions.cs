namespace Auscult.Torch.Bundles;

/// <summary>Software versions that wrote a bundle.</summary>
public sealed record BundleVersions(string Auscult, string TorchSharp, string LibTorch);
