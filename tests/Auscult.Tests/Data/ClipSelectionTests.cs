using Auscult.Data;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Data;

public sealed class ClipSelectionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ClipCatalog Fans()
    {
        FakeDataset.MimiiId(_temp.Path, Path.Combine("fan", "id_00"), normals: 40, abnormals: 10);
        FakeDataset.MimiiId(_temp.Path, Path.Combine("fan", "id_02"), normals: 30, abnormals: 10);
        return ClipCatalog.Discover(_temp.Path);
    }

    [Fact]
    public void Supervised_HoldsOutAFifthOfEachLabel_DisjointAndCoveringEveryLabelledClip()
    {
        ClipCatalog catalog = Fans();
        var train = ClipSelection.SupervisedTraining(catalog, null, null).Clips;
        var test = ClipSelection.SupervisedTest(catalog, null, null).Clips;
        Assert.Equal(14, test.Count(c => c.Label == ClipLabel.Normal));   // 20% of 70
        Assert.Equal(4, test.Count(c => c.Label == ClipLabel.Anomaly));   // 20% of 20
        Assert.Empty(train.Select(c => c.Key).Intersect(test.Select(c => c.Key)));
        Assert.Equal(catalog.Entries.Count, train.Count + test.Count);
    }

    [Fact]
    public void Supervised_IsAPureFunctionOfTheClips()
    {
        ClipCatalog catalog = Fans();
        var first = ClipSelection.SupervisedTest(catalog, "fan", null).Clips.Select(c => c.RelativePath).ToList();
        var again = ClipSelection.SupervisedTest(ClipCatalog.Discover(_temp.Path), "fan", null).Clips.Select(c => c.RelativePath).ToList();
        Assert.Equal(first, again);
    }

    [Fact]
    public void Unsupervised_TrainsOnNormalsOnly_AndTestsEveryAnomaly()
    {
        ClipCatalog catalog = Fans();
        var train = ClipSelection.Training(catalog, null, null).Clips;
        var test = ClipSelection.Test(catalog, null, null).Clips;
        Assert.All(train, c => Assert.Equal(ClipLabel.Normal, c.Label));
        Assert.Equal(20, test.Count(c => c.Label == ClipLabel.Anomaly));
        Assert.Empty(train.Select(c => c.Key).Intersect(test.Select(c => c.Key)));
    }

    [Fact]
    public void UnknownMachineType_ListsTheTypesFound()
    {
        var error = Assert.ThrowsAny<AuscultException>(() => ClipSelection.Training(Fans(), "pump", null));
        Assert.Contains("'pump' is not in the data (found: fan)", error.Message);
    }
}
