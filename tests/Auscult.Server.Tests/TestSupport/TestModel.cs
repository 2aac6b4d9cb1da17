using Auscult.Torch.Tests.TestSupport;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>
/// One tiny autoencoder bundle for the whole test run (trained in about a second on 1-s hum clips, as the Detector's
/// own tests do), with a threshold between the normal and the whining clips.
/// </summary>
internal static class TestModel
{
    private static readonly Lazy<byte[]> Bundle = new(Train, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The bundle file's bytes.</summary>
    public static byte[] Bytes => Bundle.Value;

    /// <summary>The model id the service gives it: SHA-256 of the bytes.</summary>
    public static string Id => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bytes));

    private static byte[] Train()
    {
        string folder = Directory.CreateTempSubdirectory("auscult-server-model-").FullName;
        try
        {
            string path = Path.Combine(folder, "fan.auscult");
            HumModel.Save(path, machineId: null);
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
