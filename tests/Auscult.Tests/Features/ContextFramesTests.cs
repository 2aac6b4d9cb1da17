using Auscult.Features;

namespace Auscult.Tests.Features;

public class ContextFramesTests
{
    [Fact]
    public void Stack_PutsFrameJOfTheWindowInColumnBlockJ()
    {
        const int frames = 6, bands = 3, k = 4;
        var logMel = new FeatureMatrix(frames, bands);
        for (int t = 0; t < frames; t++)
        {
            for (int b = 0; b < bands; b++)
            {
                logMel[t, b] = (100 * t) + b;
            }
        }

        FeatureMatrix vectors = ContextFrames.Stack(logMel, k);

        Assert.Equal(frames - k + 1, vectors.Rows);
        Assert.Equal(bands * k, vectors.Columns);
        for (int row = 0; row < vectors.Rows; row++)
        {
            for (int j = 0; j < k; j++)
            {
                for (int b = 0; b < bands; b++)
                {
                    Assert.Equal(logMel[row + j, b], vectors[row, (j * bands) + b]);
                }
            }
        }
    }

    [Fact]
    public void Stack_WithOneFrame_IsACopy()
    {
        var logMel = new FeatureMatrix([1f, 2f, 3f, 4f], 2, 2);
        FeatureMatrix vectors = ContextFrames.Stack(logMel, 1);
        Assert.Equal(logMel.Data, vectors.Data);
        Assert.NotSame(logMel.Data, vectors.Data);
    }

    [Fact]
    public void VectorCount_WithFewerFramesThanContext_ThrowsClearly()
    {
        var error = Assert.ThrowsAny<AuscultException>(() => ContextFrames.VectorCount(4, 5));
        Assert.Contains("4 frames", error.Message);
        Assert.Contains("5 context frames", error.Message);
        Assert.Equal(1, ContextFrames.VectorCount(5, 5));
    }
}
