using System.Runtime.InteropServices;
using Auscult.Features;
using Auscult.Torch.Models;
using Auscult.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Auscult.Torch.Scoring;

/// <summary>
/// Scores clips with a trained autoencoder: all context vectors of a clip go through the model in one forward pass,
/// in inference mode. Thread-safe: the model is put in evaluation mode once, here, and each call writes its clip
/// into a tensor of its own, so one scorer serves any number of threads with the results of one. The model stays
/// with its owner.
/// </summary>
public sealed class AutoencoderScorer : IAnomalyScorer
{
    // Tensor.square() is pow(2) with an implicit Scalar that nothing references during the native call: a garbage
    // collection started by another scoring thread can finalise it mid-call (see HeldScalarBatchNorm). Measured: two
    // workers deciding 200 clips through one Detector crashed here with libtorch's "Unknown scalar type". This one is
    // held for the process; libtorch only reads it, so every thread may pass it.
    private static readonly Scalar Two = 2L.ToScalar();

    private readonly AutoencoderModel _model;
    private readonly int _melBands;
    private readonly int _contextFrames;

    /// <summary>A scorer over <paramref name="model"/>, which it uses but does not own.</summary>
    public AutoencoderScorer(AutoencoderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _melBands = model.Preset.Features.MelBandCount;
        _contextFrames = model.Preset.Features.ContextFrames;
        model.Module.eval(); // once: scoring threads only read the network
    }

    /// <summary>Scores one clip's log-mel matrix, [frames x mels].</summary>
    /// <exception cref="AuscultException">The clip has the wrong number of mel bands or fewer frames than the context.</exception>
    public ClipScore Score(FeatureMatrix clip) => Run(clip, null);

    /// <summary>
    /// Scores a clip and also returns where its error lies: the squared reconstruction error per frame and mel band,
    /// [frames x mels], each cell the mean over the context vectors that contain that frame. Its overall mean equals
    /// the score only up to the weighting of the edge frames, which fewer vectors contain.
    /// </summary>
    public (ClipScore Score, FeatureMatrix ErrorMap) Explain(FeatureMatrix clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var map = new FeatureMatrix(clip.Rows, clip.Columns);
        ClipScore score = Run(clip, map);
        return (score, map);
    }

    private ClipScore Run(FeatureMatrix clip, FeatureMatrix? errorMap)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.Columns != _melBands)
        {
            throw new ModelException($"The clip has {clip.Columns} mel bands; the model expects {_melBands}.");
        }

        int count = ContextVectorBatcher.VectorsIn(clip.Rows, _contextFrames);
        if (count == 0)
        {
            throw new ModelException($"The clip has {clip.Rows} frames; scoring needs at least {_contextFrames}.");
        }

        int width = _melBands * _contextFrames;
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        // The clip's vectors are written straight into the tensor's memory: no managed copy of them.
        var x = empty(count, width);
        ContextVectorBatcher.FillClip(clip, _contextFrames, MemoryMarshal.Cast<byte, float>(x.bytes));
        var squared = (_model.Module.call(x) - x).pow(Two);
        float[] vectorErrors = squared.mean([1]).data<float>().ToArray();
        float[] bandErrors = squared.view(count, _contextFrames, _melBands).mean([0, 1]).data<float>().ToArray();
        if (errorMap is not null)
        {
            FoldIntoFrames(squared.data<float>().ToArray(), count, errorMap);
        }

        // The clip score in double: a mean of ~300 floats loses nothing, but summing in float would drift.
        double sum = 0;
        foreach (float e in vectorErrors)
        {
            sum += e;
        }

        return new ClipScore(sum / count, vectorErrors, bandErrors);
    }

    /// <summary>Vector t covers frames t..t+K-1, frame j of it in columns j*mels..(j+1)*mels-1: average back per frame.</summary>
    private void FoldIntoFrames(float[] squared, int count, FeatureMatrix map)
    {
        int width = _melBands * _contextFrames;
        var cover = new int[map.Rows];
        for (int t = 0; t < count; t++)
        {
            for (int j = 0; j < _contextFrames; j++)
            {
                Span<float> row = map.Row(t + j);
                ReadOnlySpan<float> part = squared.AsSpan((t * width) + (j * _melBands), _melBands);
                for (int m = 0; m < _melBands; m++)
                {
                    row[m] += part[m];
                }

                cover[t + j]++;
            }
        }

        for (int f = 0; f < map.Rows; f++)
        {
            if (cover[f] > 1)
            {
                Span<float> row = map.Row(f);
                float scale = 1f / cover[f];
                for (int m = 0; m < row.Length; m++)
                {
                    row[m] *= scale;
                }
            }
        }
    }

    /// <summary>The clip's <see cref="ClipScore.Score"/>: the mean squared reconstruction error of its context vectors.</summary>
    double IAnomalyScorer.Score(FeatureMatrix logMel) => Score(logMel).Score;

    /// <inheritdoc/>
    AnomalyExplanation IAnomalyScorer.Explain(FeatureMatrix logMel)
    {
        var (score, map) = Explain(logMel);
        return new AnomalyExplanation(score.Score, map, "Reconstruction error");
    }

    public void Dispose()
    {
        // Nothing of its own: the model belongs to its bundle or trainer's caller.
    }
}
