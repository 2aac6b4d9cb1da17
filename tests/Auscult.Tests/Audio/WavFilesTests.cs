using Auscult.Audio;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Audio;

public sealed class WavFilesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Under_FindsWavFilesOfAnyCaseRecursively_InOrdinalOrder()
    {
        Directory.CreateDirectory(_temp.Combine("b", "deep"));
        foreach (string file in new[] { "b/deep/z.WAV", "a.wav", "b/c.wav", "notes.txt", "b/d.wav.bak" })
        {
            File.WriteAllText(_temp.Combine(file.Split('/')), "");
        }

        var found = WavFiles.Under(_temp.Path).Select(p => Path.GetRelativePath(_temp.Path, p).Replace('\\', '/'));
        Assert.Equal(["a.wav", "b/c.wav", "b/deep/z.WAV"], found);
    }
}
