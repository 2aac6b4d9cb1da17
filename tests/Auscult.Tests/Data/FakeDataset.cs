using Auscult.Audio;

namespace Auscult.Tests.Data;

/// <summary>Writes tiny valid WAV files (16-bit PCM, four samples) into a fake data set tree.</summary>
internal static class FakeDataset
{
    private static readonly AudioClip Silence = AudioClip.Mono([0f, 0.25f, -0.25f, 0f], 16000);

    public static void Wav(string root, string relativePath)
    {
        string path = Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.Write(path, Silence);
    }

    /// <summary>A MIMII id folder with numbered normal and abnormal clips, written in reverse to show order does not matter.</summary>
    public static void MimiiId(string root, string idFolder, int normals, int abnormals)
    {
        for (int i = normals - 1; i >= 0; i--)
        {
            Wav(root, $"{idFolder}/normal/{i:D8}.wav");
        }

        for (int i = abnormals - 1; i >= 0; i--)
        {
            Wav(root, $"{idFolder}/abnormal/{i:D8}.wav");
        }
    }
}
