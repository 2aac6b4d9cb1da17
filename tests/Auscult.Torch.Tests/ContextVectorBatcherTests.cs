using Auscult.Features;
using Auscult.Torch.Training;

namespace Auscult.Torch.Tests;

public class ContextVectorBatcherTests
{
    // Value = 10 * frame + mel (+ 100 * clip), so every cell says where it came from.
    private static FeatureMatrix Clip(int frames, int mels, int clip)
    {
        var m = new FeatureMatrix(frames, mels);
        for (int t = 0; t < frames; t++)
        {
            for (int b = 0; b < mels; b++)
            {
                m[t, b] = (100 * clip) + (10 * t) + b;
            }
        }

        return m;
    }

    [Fact]
    public void Fill_RowForStartT_IsFramesTToTPlusKMinus1Concatenated()
    {
        var batcher = new ContextVectorBatcher([Clip(6, 2, 0), Clip(4, 2, 1)], melBands: 2, contextFrames: 3);
        Assert.Equal(4 + 2, batcher.Count);

        var rows = new float[3 * 6];
        batcher.Fill([2, 0, 5], rows);

        // Vector 2 = clip 0, start 2: frames 2, 3, 4, frame j in columns j*2..j*2+1.
        Assert.Equal(new float[] { 20, 21, 30, 31, 40, 41 }, rows[..6]);
        Assert.Equal(new float[] { 0, 1, 10, 11, 20, 21 }, rows[6..12]);

        // Vector 5 = clip 1, start 1 (clip 0 has vectors 0..3, clip 1 has 4..5).
        Assert.Equal(new float[] { 110, 111, 120, 121, 130, 131 }, rows[12..]);
    }

    [Fact]
    public void FillClip_WritesEveryContextVectorInOrder()
    {
        var clip = Clip(5, 3, 0);
        var rows = new float[4 * 6];
        ContextVectorBatcher.FillClip(clip, 2, rows);
        Assert.Equal(new float[] { 0, 1, 2, 10, 11, 12 }, rows[..6]);
        Assert.Equal(new float[] { 20, 21, 22, 30, 31, 32 }, rows[12..18]);
        Assert.Equal(new float[] { 30, 31, 32, 40, 41, 42 }, rows[18..]);
    }

    [Fact]
    public void Constructor_ClipShorterThanContext_ContributesNoVectors()
    {
        var batcher = new ContextVectorBatcher([Clip(2, 2, 0), Clip(3, 2, 1)], melBands: 2, contextFrames: 3);
        Assert.Equal(1, batcher.Count);
    }

    [Fact]
    public void Constructor_WrongMelBandCount_Throws()
    {
        var ex = Assert.ThrowsAny<AuscultException>(() => new ContextVectorBatcher([Clip(6, 3, 0)], melBands: 2, contextFrames: 3));
        Assert.Contains("3 mel bands", ex.Message);
    }
}
