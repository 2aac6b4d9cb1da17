using System.Runtime.InteropServices;
using Auscult.Features;
using Auscult.Torch.Models;
using Auscult.Torch.Training;
using static TorchSharp.torch;

namespace Auscult.Torch.Scoring;

/// <summary>
/// Scores clips with a trained autoencoder: all context vectors of a clip go through the model in one forward pass,
/// in inference mode. Reuses one native input tensor, so an instance is not thread-safe; dispose it to free that tensor (the model stays
/// with its owner).
/// </summary>
public sealed class AutoencoderScorer : IAnomalyScorer
{
    private readonly AutoencoderModel _model;
    private readonly int _melBands;
    private readonly int _contextFrames;
    private Tensor? _input;

    /// <summary>A scorer over <paramref name="model"/>, which it uses but does not own.</summary>
    public AutoencoderScorer(AutoencoderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _melBands = model.Preset.Features.MelBandCount;
        _contextFrames = model.Preset.Features.ContextFrames;
    }

    /// <summary>Scores one clip's log-mel matrix, [frames x mels].</summary>
    /// <exception cref="AuscultException">The clip has the wrong number of mel bands or fewer frames than the context.</exception>
    public ClipScore Score(FeatureMatrix clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.Columns != _melBands)
        {
            throw new AuscultException($"The clip has {clip.Columns} mel bands; the model expects {_melBands}.");
        }

        int count = ContextVectorBatcher.VectorsIn(clip.Rows, _contextFrames);
        if (count == 0)
        {
            throw new AuscultException($"The clip has {clip.Rows} frames; scoring needs at least {_contextFrames}.");
        }

        int width = _melBands * _contextFrames;
        // One input tensor, sized to the clip and written in place: clips of one recording length allocate nothing.
        if (_input is null || _input.shape[0] != count)
        {
            _input?.Dispose();
            _input = zeros(count, width);
        }

        ContextVectorBatcher.FillClip(clip, _contextFrames, MemoryMarshal.Cast<byte, float>(_input.bytes));
        _model.Module.eval();
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        var x = _input;
        var squared = (_model.Module.call(x) - x).square();
        float[] vectorErrors = squared.mean([1]).data<float>().ToArray();
        float[] bandErrors = squared.view(count, _contextFrames, _melBands).mean([0, 1]).data<float>().ToArray();

        // The clip score in double: a mean of ~300 floats loses nothing, but summing in float would drift.
        double sum = 0;
        foreach (float e in vectorErrors)
        {
            sum += e;
        }

        return new ClipScore(sum / count, vectorErrors, bandErrors);
    }

    /// <summary>The clip's <see cref="ClipScore.Score"/>: the mean squared reconstruction error of its context vectors.</summary>
    double IAnomalyScorer.Score(FeatureMatrix logMel) => Score(logMel).Score;

    public void Dispose()
    {
        _input?.Dispose();
        _input = null;
    }
}
