using Auscult.Data;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Data;

public sealed class ClipCatalogTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Discover_MimiiAboveSnrFolders_ReadsTypeIdLabelAndSnr()
    {
        FakeDataset.MimiiId(_temp.Path, "6_dB_fan/fan/id_00", normals: 3, abnormals: 1);
        FakeDataset.MimiiId(_temp.Path, "-6_dB_pump/pump/id_02", normals: 2, abnormals: 2);

        var catalog = ClipCatalog.Discover(_temp.Path);

        Assert.Equal(DatasetLayout.Mimii, catalog.Layout);
        Assert.Equal(8, catalog.Entries.Count);
        Assert.Equal(0, catalog.Ignored);
        var fan = catalog.Entries.Single(e => e.RelativePath == "6_dB_fan/fan/id_00/abnormal/00000000.wav");
        Assert.Equal(("fan", "id_00", ClipLabel.Anomaly, 6, DataSplit.Unassigned, Domain.None),
            (fan.MachineType, fan.MachineId, fan.Label, fan.SnrDb, fan.Split, fan.Domain));
        Assert.All(catalog.Entries.Where(e => e.MachineType == "pump"), e => Assert.Equal(-6, e.SnrDb));
        Assert.Equal(Path.Combine(_temp.Path, "6_dB_fan", "fan", "id_00", "abnormal", "00000000.wav"), fan.Path);
        Assert.Null(fan.AnomalyKind);
        Assert.Empty(fan.Attributes);
    }

    [Fact]
    public void Discover_AManifestNamingKinds_GivesEachAnomalousClipItsKind_EvenFromASubfolder()
    {
        FakeDataset.MimiiId(_temp.Path, "6_dB_fan/fan/id_00", normals: 1, abnormals: 2);
        File.WriteAllText(Path.Combine(_temp.Path, "manifest.csv"),
            "path,machine_type,machine_id,label,anomaly_kind,severity\n" +
            "6_dB_fan/fan/id_00/normal/00000000.wav,fan,id_00,normal,none,0\n" +
            "6_dB_fan/fan/id_00/abnormal/00000000.wav,fan,id_00,abnormal,unbalance,0.5\n" +
            "6_dB_fan/fan/id_00/abnormal/00000001.wav,fan,id_00,abnormal,clogging,0.7\n");

        foreach (string root in new[] { _temp.Path, Path.Combine(_temp.Path, "6_dB_fan", "fan", "id_00") })
        {
            var kinds = ClipCatalog.Discover(root).Entries.ToDictionary(e => Path.GetFileName(Path.GetDirectoryName(e.Path)) + "/" + e.FileName, e => e.AnomalyKind);
            Assert.Null(kinds["normal/00000000.wav"]);
            Assert.Equal("unbalance", kinds["abnormal/00000000.wav"]);
            Assert.Equal("clogging", kinds["abnormal/00000001.wav"]);
        }
    }

    [Fact]
    public void Discover_AManifestWithoutKindColumns_IsIgnored()
    {
        FakeDataset.MimiiId(_temp.Path, "fan/id_00", normals: 1, abnormals: 1);
        File.WriteAllText(Path.Combine(_temp.Path, "manifest.csv"), "file,notes\nfan/id_00/abnormal/00000000.wav,loud\n");
        Assert.All(ClipCatalog.Discover(_temp.Path).Entries, e => Assert.Null(e.AnomalyKind));
    }

    [Fact]
    public void Discover_EntriesAreSortedOrdinally()
    {
        FakeDataset.MimiiId(_temp.Path, "fan/id_02", normals: 2, abnormals: 1);
        FakeDataset.MimiiId(_temp.Path, "fan/id_00", normals: 2, abnormals: 1);
        FakeDataset.MimiiId(_temp.Path, "Fan/id_04", normals: 1, abnormals: 1);
        var paths = ClipCatalog.Discover(_temp.Path).Entries.Select(e => e.RelativePath).ToList();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        Assert.StartsWith("Fan/", paths[0]);
    }

    [Theory]
    [InlineData("6_dB_valve")]
    [InlineData("6_dB_valve/valve")]
    [InlineData("6_dB_valve/valve/id_04")]
    public void Discover_MimiiRootCanBeAnyLevel(string rootBelowTemp)
    {
        FakeDataset.MimiiId(_temp.Path, "6_dB_valve/valve/id_04", normals: 2, abnormals: 1);
        var catalog = ClipCatalog.Discover(_temp.Combine(rootBelowTemp.Split('/')));
        Assert.Equal(DatasetLayout.Mimii, catalog.Layout);
        Assert.Equal(3, catalog.Entries.Count);
        Assert.All(catalog.Entries, e => Assert.Equal(("valve", "id_04", 6), (e.MachineType, e.MachineId, e.SnrDb)));
    }

    [Fact]
    public void Discover_StrayFilesInsideLayout_AreCountedAsIgnored()
    {
        FakeDataset.MimiiId(_temp.Path, "fan/id_00", normals: 2, abnormals: 1);
        FakeDataset.Wav(_temp.Path, "fan/id_00/stray.wav");
        FakeDataset.Wav(_temp.Path, "fan/readme_example.wav");
        File.WriteAllText(_temp.Combine("fan", "notes.txt"), "not audio");
        var catalog = ClipCatalog.Discover(_temp.Path);
        Assert.Equal(3, catalog.Entries.Count);
        Assert.Equal(2, catalog.Ignored);
    }

    [Fact]
    public void Discover_MixedLayouts_KeepsTheLayoutThatExplainsMostFiles_AndCountsTheRest()
    {
        FakeDataset.Wav(_temp.Path, "fan/train/section_00_source_train_normal_0000_a_1.wav");
        FakeDataset.Wav(_temp.Path, "fan/train/section_00_source_train_normal_0001_a_1.wav");
        FakeDataset.Wav(_temp.Path, "fan/test/section_00_source_test_anomaly_0000_a_1.wav");
        FakeDataset.MimiiId(_temp.Path, "old/fan/id_00", normals: 1, abnormals: 1);
        var catalog = ClipCatalog.Discover(_temp.Path);
        Assert.Equal(DatasetLayout.Dcase2021, catalog.Layout);
        Assert.Equal(3, catalog.Entries.Count);
        Assert.Equal(2, catalog.Ignored);
    }

    [Fact]
    public void Discover_FileInsteadOfFolder_SaysSo()
    {
        FakeDataset.Wav(_temp.Path, "fan/id_00/normal/00000000.wav");
        string file = _temp.Combine("fan", "id_00", "normal", "00000000.wav");
        var error = Assert.ThrowsAny<AuscultException>(() => ClipCatalog.Discover(file));
        Assert.Contains("is a file, not a folder", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ToyCar")]
    public void Discover_Dcase2020Tree_ReadsSplitFromFoldersAndLabelFromNames(string rootBelowTemp)
    {
        FakeDataset.Wav(_temp.Path, "ToyCar/train/normal_id_01_00000000.wav");
        FakeDataset.Wav(_temp.Path, "ToyCar/train/normal_id_01_00000001.wav");
        FakeDataset.Wav(_temp.Path, "ToyCar/test/normal_id_01_00000000.wav");
        FakeDataset.Wav(_temp.Path, "ToyCar/test/anomaly_id_01_00000000.wav");
        FakeDataset.Wav(_temp.Path, "ToyCar/test/anomaly_id_03_00000000.wav");

        var catalog = ClipCatalog.Discover(rootBelowTemp.Length == 0 ? _temp.Path : _temp.Combine(rootBelowTemp));

        Assert.Equal(DatasetLayout.Dcase2020, catalog.Layout);
        Assert.Equal(5, catalog.Entries.Count);
        Assert.All(catalog.Entries, e => Assert.Equal("ToyCar", e.MachineType));
        var anomaly = catalog.Entries.Single(e => e.RelativePath.EndsWith("anomaly_id_03_00000000.wav", StringComparison.Ordinal));
        Assert.Equal(("id_03", DataSplit.Test, ClipLabel.Anomaly), (anomaly.MachineId, anomaly.Split, anomaly.Label));
        Assert.Equal(2, catalog.Entries.Count(e => e.Split == DataSplit.Train));
    }

    [Fact]
    public void Discover_SameFileNameInTrainAndTest_GetsDistinctKeys()
    {
        FakeDataset.Wav(_temp.Path, "ToyCar/train/normal_id_01_00000000.wav");
        FakeDataset.Wav(_temp.Path, "ToyCar/test/normal_id_01_00000000.wav");
        var entries = ClipCatalog.Discover(_temp.Path).Entries;
        Assert.Equal(entries[0].FileName, entries[1].FileName);
        Assert.NotEqual(entries[0].Key, entries[1].Key);
        Assert.Equal(2, entries.Select(e => e.Key).Distinct().Count());
    }

    [Fact]
    public void Discover_FlatDcase2020Names_AreUnassignedAndTypedByTheFolder()
    {
        FakeDataset.Wav(_temp.Path, "toys/normal_id_01_00000000.wav");
        FakeDataset.Wav(_temp.Path, "toys/anomaly_id_01_00000000.wav");
        FakeDataset.Wav(_temp.Path, "toys/id_05_00000000.wav");
        var catalog = ClipCatalog.Discover(_temp.Combine("toys"));
        Assert.Equal(DatasetLayout.Dcase2020, catalog.Layout);
        Assert.All(catalog.Entries, e => Assert.Equal(("toys", DataSplit.Unassigned), (e.MachineType, e.Split)));
        Assert.Equal(ClipLabel.Unknown, catalog.Entries.Single(e => e.MachineId == "id_05").Label);
    }

    [Fact]
    public void Discover_Dcase2021Tree_ReadsSectionDomainSplitLabelAndAttributes()
    {
        FakeDataset.Wav(_temp.Path, "dev/valve/train/section_00_source_train_normal_0000_pat_01.wav");
        FakeDataset.Wav(_temp.Path, "dev/valve/test/section_00_target_test_anomaly_0044_pat_03.wav");
        FakeDataset.Wav(_temp.Path, "dev/ToyCar/test/section_01_source_test_normal_0028_car_C2_spd_34V_mic_1.wav");
        FakeDataset.Wav(_temp.Path, "dev/fan/train/section_02_target_train_normal_0001_noAttribute.wav");

        var catalog = ClipCatalog.Discover(_temp.Combine("dev"));

        Assert.Equal(DatasetLayout.Dcase2021, catalog.Layout);
        var valve = catalog.Entries.Single(e => e.Label == ClipLabel.Anomaly);
        Assert.Equal(("valve", "section_00", Domain.Target, DataSplit.Test), (valve.MachineType, valve.MachineId, valve.Domain, valve.Split));
        Assert.Equal(new Dictionary<string, string> { ["pat"] = "03" }, valve.Attributes);
        var car = catalog.Entries.Single(e => e.MachineType == "ToyCar");
        Assert.Equal(new Dictionary<string, string> { ["car"] = "C2", ["spd"] = "34V", ["mic"] = "1" }, car.Attributes);
        Assert.Equal(("section_01", Domain.Source), (car.MachineId, car.Domain));
        var fan = catalog.Entries.Single(e => e.MachineType == "fan");
        Assert.Equal(new Dictionary<string, string> { ["noAttribute"] = "" }, fan.Attributes);
    }

    [Fact]
    public void Discover_FlatPrefixedDcase2023Names_TakeTypeAndSplitFromTheName()
    {
        FakeDataset.Wav(_temp.Path, "flat/valve_test_section_00_target_test_anomaly_0044_pat_03.wav");
        FakeDataset.Wav(_temp.Path, "flat/valve_train_section_00_source_train_normal_0095_pat_01.wav");
        FakeDataset.Wav(_temp.Path, "flat/ToyTrain_test_section_00_target_test_normal_0049_car_E2_spd_9_mic_2.wav");

        var catalog = ClipCatalog.Discover(_temp.Combine("flat"));

        Assert.Equal(DatasetLayout.Dcase2021, catalog.Layout);
        Assert.Equal(["ToyTrain", "valve"], catalog.MachineTypes);
        var anomaly = catalog.Entries.Single(e => e.Label == ClipLabel.Anomaly);
        Assert.Equal(("valve", DataSplit.Test, Domain.Target), (anomaly.MachineType, anomaly.Split, anomaly.Domain));
        Assert.Equal(DataSplit.Train, catalog.Entries.Single(e => e.RelativePath.StartsWith("valve_train", StringComparison.Ordinal)).Split);
    }

    [Fact]
    public void Discover_PlainNormalAbnormalFolders_UseTheFolderNameForTypeAndId()
    {
        FakeDataset.MimiiId(_temp.Path, "pump-hall-2", normals: 3, abnormals: 1);
        var catalog = ClipCatalog.Discover(_temp.Path);
        Assert.Equal(DatasetLayout.NormalAbnormalFolders, catalog.Layout);
        Assert.All(catalog.Entries, e => Assert.Equal(("pump-hall-2", "pump-hall-2"), (e.MachineType, e.MachineId)));
        Assert.Equal(1, catalog.Entries.Count(e => e.Label == ClipLabel.Anomaly));
    }

    [Fact]
    public void Discover_MissingFolder_NamesItAndListsLayouts()
    {
        string missing = _temp.Combine("nope");
        var error = Assert.ThrowsAny<AuscultException>(() => ClipCatalog.Discover(missing));
        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.Contains("MIMII", error.Message);
    }

    [Fact]
    public void Discover_EmptyFolder_SaysSo()
    {
        Directory.CreateDirectory(_temp.Combine("empty", "normal"));
        var error = Assert.ThrowsAny<AuscultException>(() => ClipCatalog.Discover(_temp.Combine("empty")));
        Assert.Contains(_temp.Combine("empty"), error.Message);
        Assert.Contains("no .wav files", error.Message);
        Assert.Contains("DCASE 2021+", error.Message);
    }

    [Fact]
    public void Discover_WavsInNoLayout_NamesFolderAndExamples()
    {
        FakeDataset.Wav(_temp.Path, "fan_normal.wav");
        FakeDataset.Wav(_temp.Path, "recordings/today.wav");
        var error = Assert.ThrowsAny<AuscultException>(() => ClipCatalog.Discover(_temp.Path));
        Assert.Contains(_temp.Path, error.Message);
        Assert.Contains("2 .wav files", error.Message);
        Assert.Contains("fan_normal.wav", error.Message);
        Assert.Contains("none is in a recognised layout", error.Message);
        Assert.Contains("{normal,abnormal}", error.Message);
    }

    [Fact]
    public void Where_FiltersByTypeAndId_CaseInsensitively()
    {
        FakeDataset.MimiiId(_temp.Path, "fan/id_00", normals: 2, abnormals: 1);
        FakeDataset.MimiiId(_temp.Path, "fan/id_02", normals: 2, abnormals: 1);
        FakeDataset.MimiiId(_temp.Path, "pump/id_00", normals: 2, abnormals: 1);
        var catalog = ClipCatalog.Discover(_temp.Path);
        Assert.Equal(6, catalog.Where(machineType: "FAN").Entries.Count);
        Assert.Equal(6, catalog.Where(machineId: "id_00").Entries.Count);
        Assert.Equal(3, catalog.Where("fan", "id_02").Entries.Count);
        Assert.Empty(catalog.Where("valve").Entries);
    }

    [Fact]
    public void Summarize_CountsPerTypeLabelSplitAndMachine()
    {
        FakeDataset.MimiiId(_temp.Path, "fan/id_00", normals: 5, abnormals: 2);
        FakeDataset.MimiiId(_temp.Path, "pump/id_04", normals: 1, abnormals: 3);
        var summary = ClipCatalog.Discover(_temp.Path).Summarize();
        Assert.Equal(11, summary.Total);
        Assert.Equal(7, summary.ByMachineType["fan"]);
        Assert.Equal(5, summary.ByLabel[ClipLabel.Anomaly]);
        Assert.Equal(3, summary.BySplit[DataSplit.Train]);
        Assert.Equal(8, summary.BySplit[DataSplit.Test]);
        Assert.Equal(
            [new MachineSummary("fan", "id_00", 3, 2, 2, 0, 0), new MachineSummary("pump", "id_04", 0, 1, 3, 0, 0)],
            summary.Machines);
    }
}
