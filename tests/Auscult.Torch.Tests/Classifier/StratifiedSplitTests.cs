using Auscult.Torch.Classifier;

namespace Auscult.Torch.Tests.Classifier;

public sealed class StratifiedSplitTests
{
    private static readonly int[] Labels = [.. Enumerable.Repeat(0, 60), .. Enumerable.Repeat(1, 20), .. Enumerable.Repeat(2, 10)];

    [Fact]
    public void Split_KeepsEachClassShare()
    {
        var (train, validation) = StratifiedSplit.Split(Labels, 0.2, seed: 1);
        Assert.Equal([12, 4, 2], Enumerable.Range(0, 3).Select(c => validation.Count(i => Labels[i] == c)));
        Assert.Equal([48, 16, 8], Enumerable.Range(0, 3).Select(c => train.Count(i => Labels[i] == c)));
    }

    [Fact]
    public void Split_IsDisjointAndCoversEveryClip()
    {
        var (train, validation) = StratifiedSplit.Split(Labels, 0.2, seed: 1);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(Enumerable.Range(0, Labels.Length), train.Concat(validation).Order());
    }

    [Fact]
    public void Split_DependsOnTheSeedOnly()
    {
        Assert.Equal(StratifiedSplit.Split(Labels, 0.2, 5).Validation, StratifiedSplit.Split(Labels, 0.2, 5).Validation);
        Assert.NotEqual(StratifiedSplit.Split(Labels, 0.2, 5).Validation, StratifiedSplit.Split(Labels, 0.2, 6).Validation);
    }

    [Fact]
    public void Split_SmallClass_StillHasOneClipEachSide()
    {
        int[] labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
        var (train, validation) = StratifiedSplit.Split(labels, 0.1, 0);
        Assert.Single(validation, i => labels[i] == 1);
        Assert.Single(train, i => labels[i] == 1);
    }

    [Fact]
    public void Split_ClassOfOneClip_Throws()
    {
        var ex = Assert.ThrowsAny<AuscultException>(() => StratifiedSplit.Split([0, 0, 0, 1], 0.2, 0));
        Assert.Contains("Class 1 has 1 clip", ex.Message);
    }
}
