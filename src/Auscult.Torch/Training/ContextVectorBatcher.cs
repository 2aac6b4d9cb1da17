using Auscult.Features;

namespace Auscult.Torch.Training;

/// <summary>
/// Addresses the context vectors of a set of log-mel matrices without materialising them: vector i is the pair
/// (clip, start frame), and its values are frames start..start+K-1 of that clip concatenated, frame j in columns
/// j*mels..(j+1)*mels-1. In a row-major [frames x mels] matrix those K frames are one contiguous run, so filling a
/// batch row is a single copy.
/// </summary>
internal sealed class ContextVectorBatcher
{
    private readonly IReadOnlyList<FeatureMatrix> _clips;
    private readonly int[] _clipOfVector;
    private readonly int[] _startOfVector;

    public ContextVectorBatcher(IReadOnlyList<FeatureMatrix> clips, int melBands, int contextFrames)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextFrames, 1);
        _clips = clips;
        MelBands = melBands;
        ContextFrames = contextFrames;

        int count = 0;
        for (int c = 0; c < clips.Count; c++)
        {
            if (clips[c].Columns != melBands)
            {
                throw new InputException($"Training clip {c} has {clips[c].Columns} mel bands; the model expects {melBands}.");
            }

            count += VectorsIn(clips[c].Rows, contextFrames);
        }

        _clipOfVector = new int[count];
        _startOfVector = new int[count];
        int v = 0;
        for (int c = 0; c < clips.Count; c++)
        {
            for (int t = 0; t < VectorsIn(clips[c].Rows, contextFrames); t++, v++)
            {
                _clipOfVector[v] = c;
                _startOfVector[v] = t;
            }
        }
    }

    public int MelBands { get; }

    public int ContextFrames { get; }

    public int VectorLength => MelBands * ContextFrames;

    /// <summary>Context vectors over all clips, clip by clip, start frame ascending (the baselines' order).</summary>
    public int Count => _clipOfVector.Length;

    /// <summary>The clip vector <paramref name="vector"/> comes from.</summary>
    public int ClipOf(int vector) => _clipOfVector[vector];

    /// <summary>Context vectors of a clip of <paramref name="frames"/> frames: frames - K + 1, or 0 when shorter than K.</summary>
    public static int VectorsIn(int frames, int contextFrames) => Math.Max(0, frames - contextFrames + 1);

    /// <summary>Copies the vectors <paramref name="indices"/> into consecutive rows of <paramref name="destination"/>.</summary>
    public void Fill(ReadOnlySpan<int> indices, Span<float> destination)
    {
        int width = VectorLength;
        for (int i = 0; i < indices.Length; i++)
        {
            int v = indices[i];
            _clips[_clipOfVector[v]].Data.AsSpan(_startOfVector[v] * MelBands, width).CopyTo(destination.Slice(i * width, width));
        }
    }

    /// <summary>Copies all context vectors of one clip, in order, into <paramref name="destination"/>.</summary>
    public static void FillClip(FeatureMatrix clip, int contextFrames, Span<float> destination)
    {
        int width = clip.Columns * contextFrames;
        int count = VectorsIn(clip.Rows, contextFrames);
        for (int t = 0; t < count; t++)
        {
            clip.Data.AsSpan(t * clip.Columns, width).CopyTo(destination.Slice(t * width, width));
        }
    }
}
