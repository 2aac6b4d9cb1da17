namespace Auscult.Features;

/// <summary>
/// Stacks consecutive feature frames into context vectors, the input of the DCASE and MIMII autoencoder baselines.
/// </summary>
/// <remarks>
/// Row t of the result holds frames t, t+1, ..., t+K-1; frame j of the window fills columns <c>j * bands</c> to
/// <c>(j + 1) * bands - 1</c>. There are <c>frames - K + 1</c> rows. Matches the DCASE 2020 baseline's
/// <c>file_to_vector_array</c>: <c>vectors[:, n_mels*t : n_mels*(t+1)] = log_mel[:, t : t + n_vectors].T</c>.
/// </remarks>
public static class ContextFrames
{
    /// <summary>Number of context vectors made from <paramref name="frameCount"/> frames, K at a time.</summary>
    /// <exception cref="AuscultException">There are fewer frames than <paramref name="contextFrames"/>.</exception>
    public static int VectorCount(int frameCount, int contextFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextFrames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        if (frameCount < contextFrames)
        {
            throw new InputException(
                $"The recording gives {frameCount} frame{(frameCount == 1 ? "" : "s")}, fewer than the {contextFrames} " +
                "context frames of one feature vector: it is too short.");
        }

        return frameCount - contextFrames + 1;
    }

    /// <summary>Stacks the rows of <paramref name="frames"/> into a new matrix of context vectors.</summary>
    public static FeatureMatrix Stack(FeatureMatrix frames, int contextFrames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var result = new FeatureMatrix(VectorCount(frames.Rows, contextFrames), frames.Columns * contextFrames);
        Stack(frames.Data, frames.Rows, frames.Columns, contextFrames, result.Data);
        return result;
    }

    /// <summary>
    /// Stacks <paramref name="frameCount"/> row-major frames of <paramref name="bands"/> values into
    /// <paramref name="vectors"/>, row-major [<see cref="VectorCount"/> x <c>bands * contextFrames</c>].
    /// </summary>
    public static void Stack(ReadOnlySpan<float> frames, int frameCount, int bands, int contextFrames, Span<float> vectors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        int rows = VectorCount(frameCount, contextFrames);
        if (frames.Length < (long)frameCount * bands)
        {
            throw new ArgumentException($"The frames hold {frames.Length} values; {frameCount} x {bands} are needed.", nameof(frames));
        }

        int width = bands * contextFrames;
        if (vectors.Length < (long)rows * width)
        {
            throw new ArgumentException($"The output holds {vectors.Length} values; {rows} x {width} are needed.", nameof(vectors));
        }

        // Frames t..t+K-1 are contiguous in the row-major input, so each context vector is one block copy.
        for (int t = 0; t < rows; t++)
        {
            frames.Slice(t * bands, width).CopyTo(vectors.Slice(t * width, width));
        }
    }
}
