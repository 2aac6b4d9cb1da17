namespace Auscult.Tests.TestSupport;

public class SharedFolderTests
{
    [SharedFact]
    public void SharedFolder_WhenPresent_HoldsGoldenIndexAndRealClips()
    {
        Assert.True(File.Exists(SharedFolder.Combine("golden", "index.json")));
        Assert.True(Directory.Exists(SharedFolder.Combine("data", "real")));
    }
}
