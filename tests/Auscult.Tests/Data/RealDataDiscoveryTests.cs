using Auscult.Data;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Data;

/// <summary>Discovery on the real clips in ../shared/data/real.</summary>
public class RealDataDiscoveryTests
{
    [SharedFact]
    public void Mimii8ch_FlatTypeLabelNames_AreNotAStandardLayout_AndDiscoverySaysSo()
    {
        // fan_normal.wav, fan_abnormal.wav, ... are renamed MIMII clips without the id_XX/{normal,abnormal} folders.
        // Guessing type and label from a free-form name could mislabel other folders, so discovery refuses with the
        // expected layouts; the user moves them into <type>/id_00/{normal,abnormal}/ or a plain normal/abnormal tree.
        string root = SharedFolder.Combine("data", "real", "mimii-8ch");
        var error = Assert.ThrowsAny<AuscultException>(() => ClipCatalog.Discover(root));
        Assert.Contains(root, error.Message);
        Assert.Contains("8 .wav files", error.Message);
        Assert.Contains("fan_abnormal.wav", error.Message);
        Assert.Contains("id_XX/{normal,abnormal}", error.Message);
    }

    [SharedFact]
    public void Dcase2020ToyCar_FlatNames_AreDcase2020WithUnassignedSplit()
    {
        var catalog = ClipCatalog.Discover(SharedFolder.Combine("data", "real", "dcase2020-dev-toycar"));
        Assert.Equal(DatasetLayout.Dcase2020, catalog.Layout);
        Assert.Equal(["anomaly_id_01_00000000.wav", "normal_id_01_00000000.wav"], catalog.Entries.Select(e => e.RelativePath));
        Assert.All(catalog.Entries, e => Assert.Equal(("id_01", DataSplit.Unassigned, "dcase2020-dev-toycar"), (e.MachineId, e.Split, e.MachineType)));
        Assert.Equal([ClipLabel.Anomaly, ClipLabel.Normal], catalog.Entries.Select(e => e.Label));

        // One anomaly holds out one normal: both go to test and nothing is left to train on.
        var split = DatasetSplitter.Split(catalog);
        Assert.Empty(split.Train);
        Assert.Equal(2, split.Test.Count);
    }

    [SharedFact]
    public void Dcase2023Dev_FlatPrefixedNames_AreDcase2021Layout()
    {
        var catalog = ClipCatalog.Discover(SharedFolder.Combine("data", "real", "dcase2023-dev"));
        Assert.Equal(DatasetLayout.Dcase2021, catalog.Layout);
        Assert.Equal(28, catalog.Entries.Count);
        Assert.Equal(0, catalog.Ignored);
        Assert.Equal(["ToyCar", "ToyTrain", "bearing", "fan", "gearbox", "slider", "valve"], catalog.MachineTypes);
        Assert.All(catalog.Entries, e => Assert.Equal("section_00", e.MachineId));
        Assert.Equal(5, catalog.Entries.Count(e => e.Label == ClipLabel.Anomaly));

        var valve = catalog.Entries.Single(e => e.FileName == "valve_test_section_00_target_test_anomaly_0044_pat_03.wav");
        Assert.Equal((DataSplit.Test, Domain.Target, ClipLabel.Anomaly), (valve.Split, valve.Domain, valve.Label));
        Assert.Equal("03", valve.Attributes["pat"]);

        var split = DatasetSplitter.Split(catalog);
        Assert.Equal(14, split.Train.Count);
        Assert.Equal(14, split.Test.Count);
        var summary = catalog.Summarize();
        Assert.Equal(7, summary.Machines.Count);
        Assert.All(summary.Machines, m => Assert.Equal(2, m.Train));
    }
}
