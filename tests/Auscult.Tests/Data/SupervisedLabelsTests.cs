using Auscult.Data;

namespace Auscult.Tests.Data;

public sealed class SupervisedLabelsTests
{
    private static CatalogEntry Clip(int i, ClipLabel label, string? kind = null) =>
        new($"/d/{i}.wav", $"{i}.wav", "fan", "id_00", Domain.None, DataSplit.Unassigned, label) { AnomalyKind = kind };

    [Fact]
    public void WithoutKinds_IsBinary()
    {
        var labels = SupervisedLabels.For([Clip(0, ClipLabel.Normal), Clip(1, ClipLabel.Anomaly), Clip(2, ClipLabel.Anomaly)]);
        Assert.False(labels.IsMultiClass);
        Assert.Equal(["normal", "anomaly"], labels.Names);
        Assert.Equal([0, 1, 1], labels.Classes);
    }

    [Fact]
    public void EveryAnomalyWithAKind_GivesAClassPerKind_InOrdinalOrder()
    {
        var labels = SupervisedLabels.For([
            Clip(0, ClipLabel.Normal), Clip(1, ClipLabel.Anomaly, "unbalance"), Clip(2, ClipLabel.Anomaly, "clogging"),
            Clip(3, ClipLabel.Anomaly, "unbalance"), Clip(4, ClipLabel.Anomaly, "clogging")], minimumClipsPerKind: 2);
        Assert.True(labels.IsMultiClass);
        Assert.Equal(["normal", "clogging", "unbalance"], labels.Names);
        Assert.Equal([0, 2, 1, 2, 1], labels.Classes);
    }

    [Theory]
    [InlineData(null)]          // one anomaly without a kind
    [InlineData("leak")]        // a kind with a single clip cannot be both trained on and validated
    public void AKindTheModelCouldNotLearn_FallsBackToBinary(string? oddKind)
    {
        var labels = SupervisedLabels.For([
            Clip(0, ClipLabel.Normal), Clip(1, ClipLabel.Anomaly, "unbalance"), Clip(2, ClipLabel.Anomaly, "unbalance"),
            Clip(3, ClipLabel.Anomaly, "clogging"), Clip(4, ClipLabel.Anomaly, "clogging"), Clip(5, ClipLabel.Anomaly, oddKind)], minimumClipsPerKind: 2);
        Assert.False(labels.IsMultiClass);
        Assert.Equal([0, 1, 1, 1, 1, 1], labels.Classes);
    }

    [Fact]
    public void OneKindOnly_IsBinary()
    {
        var labels = SupervisedLabels.For([Clip(0, ClipLabel.Normal), Clip(1, ClipLabel.Anomaly, "unbalance"), Clip(2, ClipLabel.Anomaly, "unbalance")], minimumClipsPerKind: 2);
        Assert.Equal(["normal", "anomaly"], labels.Names);
    }

    [Fact]
    public void ByDefault_AKindNeedsTheBreakEvenCountOfClips()
    {
        CatalogEntry[] Clips(int perKind) => [Clip(0, ClipLabel.Normal),
            .. Enumerable.Range(1, 2 * perKind).Select(i => Clip(i, ClipLabel.Anomaly, i % 2 == 0 ? "unbalance" : "clogging"))];
        Assert.False(SupervisedLabels.For(Clips(SupervisedLabels.MinimumClipsPerKind - 1)).IsMultiClass);
        Assert.True(SupervisedLabels.For(Clips(SupervisedLabels.MinimumClipsPerKind)).IsMultiClass);
    }
}
