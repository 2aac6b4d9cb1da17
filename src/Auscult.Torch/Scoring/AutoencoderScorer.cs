using Auscult.Features;
using Auscult.Torch.Models;
using Auscult.Torch.Training;
using static TorchSharp.torch;

namespace Auscult.Torch.Scoring;

/// <summary>
/// Scores clips with a trained autoencoder: all context vectors of a clip go through the model in one forward pass,
/// in inference mode. Reuses one input buffer, so an instance is not thread-safe.
/// </summary>
public sealed class AutoencoderScorer
{
    private readonly AutoencoderModel _model;
    private readonly int _melBands;
    private readonly int _contextFrames;
    private float[] _buffer = [];

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
        // Sized to the clip: torch.tensor copies a whole array. Clips of one recording length reuse it.
        if (_buffer.Length != count * width)
        {
            _buffer = new float[count * width];
        }

        ContextVectorBatcher.FillClip(clip, _contextFrames, _buffer);
        _model.Module.eval();
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        var x = tensor(_buffer, [count, width]);
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
}
