using Auscult.Data;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Data;

public sealed class DatasetSplitterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Split_Mimii_TestIsAllAbnormalPlusFirstNormals_TrainIsTheRest()
    {
        FakeDataset.MimiiId(_temp.Path, "fan/id_00", normals: 6, abnormals: 2);
        var split = DatasetSplitter.Split(ClipCatalog.Discover(_temp.Path));

        Assert.Equal(
            ["fan/id_00/abnormal/00000000.wav", "fan/id_00/abnormal/00000001.wav",
             "fan/id_00/normal/00000000.wav", "fan/id_00/normal/00000001.wav"],
            split.Test.Select(e => e.RelativePath));
        Assert.Equal(
            ["fan/id_00/normal/00000002.wav", "fan/id_00/normal/00000003.wav",
             "fan/id_00/normal/00000004.wav", "fan/id_00/normal/00000005.wav"],
            split.Train.Select(e => e.RelativePath));
        Assert.Empty(split.Unused);
    }

    [Fact]
    public void Split_Mimii_AppliesTheRulePerMachineId()
    {
        FakeDataset.MimiiId(_temp.Path, "6_dB_fan/fan/id_00", normals: 10, abnormals: 3);
        FakeDataset.MimiiId(_temp.Path, "6_dB_fan/fan/id_02", normals: 4, abnormals: 1);
        FakeDataset.MimiiId(_temp.Path, "6_dB_pump/pump/id_00", normals: 2, abnormals: 5);
        var catalog = ClipCatalog.Discover(_temp.Path);
        var split = DatasetSplitter.Split(catalog);

        int Count(IEnumerable<CatalogEntry> list, string type, string id, ClipLabel label) =>
            list.Count(e => e.MachineType == type && e.MachineId == id && e.Label == label);
        Assert.Equal((7, 3, 3), (Count(split.Train, "fan", "id_00", ClipLabel.Normal), Count(split.Test, "fan", "id_00", ClipLabel.Normal), Count(split.Test, "fan", "id_00", ClipLabel.Anomaly)));
        Assert.Equal((3, 1, 1), (Count(split.Train, "fan", "id_02", ClipLabel.Normal), Count(split.Test, "fan", "id_02", ClipLabel.Normal), Count(split.Test, "fan", "id_02", ClipLabel.Anomaly)));
        // More anomalies than normals: every normal goes to test and nothing is left to train on.
        Assert.Equal((0, 2, 5), (Count(split.Train, "pump", "id_00", ClipLabel.Normal), Count(split.Test, "pump", "id_00", ClipLabel.Normal), Count(split.Test, "pump", "id_00", ClipLabel.Anomaly)));
        AssertPartition(catalog, split);
    }

    [Fact]
    public void Split_Dcase_TrainIsTrainFolderNormals_TestIsTheTestFolder()
    {
        FakeDataset.Wav(_temp.Path, "fan/train/section_00_source_train_normal_0000_a_1.wav");
        FakeDataset.Wav(_temp.Path, "fan/train/section_00_target_train_normal_0001_a_2.wav");
        FakeDataset.Wav(_temp.Path, "fan/test/section_00_source_test_normal_0000_a_1.wav");
        FakeDataset.Wav(_temp.Path, "fan/test/section_00_source_test_anomaly_0000_a_1.wav");
        FakeDataset.Wav(_temp.Path, "fan/test/section_00_0005.wav"); // evaluation-set clip without label
        var catalog = ClipCatalog.Discover(_temp.Path);
        var split = DatasetSplitter.Split(catalog);

        Assert.Equal(2, split.Train.Count);
        Assert.All(split.Train, e => Assert.Equal((DataSplit.Train, ClipLabel.Normal), (e.Split, e.Label)));
        Assert.Equal(3, split.Test.Count);
        Assert.Contains(split.Test, e => e.Label == ClipLabel.Unknown);
        AssertPartition(catalog, split);
    }

    [Fact]
    public void Split_FlatDcase2020Names_FollowTheMimiiRule()
    {
        FakeDataset.Wav(_temp.Path, "toy/normal_id_01_00000000.wav");
        FakeDataset.Wav(_temp.Path, "toy/normal_id_01_00000001.wav");
        FakeDataset.Wav(_temp.Path, "toy/normal_id_01_00000002.wav");
        FakeDataset.Wav(_temp.Path, "toy/anomaly_id_01_00000000.wav");
        FakeDataset.Wav(_temp.Path, "toy/id_01_00000009.wav");
        var split = DatasetSplitter.Split(ClipCatalog.Discover(_temp.Combine("toy")));
        Assert.Equal(["normal_id_01_00000001.wav", "normal_id_01_00000002.wav"], split.Train.Select(e => e.FileName));
        Assert.Equal(["anomaly_id_01_00000000.wav", "normal_id_01_00000000.wav"], split.Test.Select(e => e.FileName));
        Assert.Equal(["id_01_00000009.wav"], split.Unused.Select(e => e.FileName));
    }

    [Fact]
    public void Split_IsPureAndCommutesWithFiltering()
    {
        FakeDataset.MimiiId(_temp.Path, "fan/id_00", normals: 5, abnormals: 2);
        FakeDataset.MimiiId(_temp.Path, "fan/id_02", normals: 4, abnormals: 1);
        var catalog = ClipCatalog.Discover(_temp.Path);

        var whole = DatasetSplitter.Split(catalog);
        var again = DatasetSplitter.Split(ClipCatalog.Discover(_temp.Path));
        var filtered = DatasetSplitter.Split(catalog.Where(machineId: "id_02"));

        Assert.Equal(whole.Train.Select(e => e.Key), again.Train.Select(e => e.Key));
        Assert.Equal(whole.Test.Select(e => e.Key), again.Test.Select(e => e.Key));
        Assert.Equal(whole.Train.Where(e => e.MachineId == "id_02").Select(e => e.Key), filtered.Train.Select(e => e.Key));
        Assert.Equal(whole.Test.Where(e => e.MachineId == "id_02").Select(e => e.Key), filtered.Test.Select(e => e.Key));
    }

    private static void AssertPartition(ClipCatalog catalog, DatasetSplit split)
    {
        var train = split.Train.Select(e => e.Key).ToHashSet();
        var test = split.Test.Select(e => e.Key).ToHashSet();
        Assert.Empty(train.Intersect(test));
        Assert.All(split.Train, e => Assert.Equal(ClipLabel.Normal, e.Label));
        Assert.Equal(catalog.Entries.Count, split.Train.Count + split.Test.Count + split.Unused.Count);
    }
}
