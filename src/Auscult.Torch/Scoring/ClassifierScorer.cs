using Auscult.Features;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Scoring;

/// <summary>
/// The <see cref="IAnomalyScorer"/> of a classifier: the score is <see cref="ClassifierModel.AnomalyProbability"/>.
/// Uses the model without owning it; disposing the scorer leaves the model alone.
/// </summary>
public sealed class ClassifierScorer : IAnomalyScorer
{
    private readonly ClassifierModel _model;

    /// <summary>A scorer over <paramref name="model"/>, which it uses but does not own.</summary>
    public ClassifierScorer(ClassifierModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    /// <inheritdoc/>
    public double Score(FeatureMatrix logMel) => _model.AnomalyProbability(logMel);

    /// <inheritdoc/>
    /// <remarks>The map is <see cref="ClassifierModel.Occlusion"/>'s, on its default 16 x 16 grid of patches.</remarks>
    public AnomalyExplanation Explain(FeatureMatrix logMel)
    {
        var (probability, map) = _model.Occlusion(logMel);
        return new AnomalyExplanation(probability, map, "Log-odds drop when hidden");
    }

    public void Dispose()
    {
        // Nothing of its own: the model belongs to its bundle or trainer's caller.
    }
}
