using Auscult.Tests.TestSupport;
using Auscult.Torch.Tests.Fuzzing;

namespace Auscult.Torch.Tests.Bundles;

/// <summary>The two seed bundles, trained once per test class that uses them.</summary>
public sealed class SeedFixture : IDisposable
{
    private readonly TempFolder _temp = new();

    public SeedFixture()
    {
        Autoencoder = SeedBundles.Autoencoder(_temp.Path);
        Classifier = SeedBundles.Classifier(_temp.Path);
    }

    /// <summary>A valid tiny autoencoder bundle's bytes.</summary>
    public byte[] Autoencoder { get; }

    /// <summary>A valid tiny classifier bundle's bytes.</summary>
    public byte[] Classifier { get; }

    public void Dispose() => _temp.Dispose();
}
