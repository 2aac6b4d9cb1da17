using System.Diagnostics;
using Auscult.Features;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;

namespace Auscult.Torch.Training;

/// <summary>
/// Cross-fitted scores of the normal training clips: the clips are split at random (seeded) into K folds, a model of
/// the same preset is trained on the clips outside a fold, and it scores the fold's clips, which it has not seen. A
/// threshold fitted on these scores estimates how unseen normal clips score, where a fit on the training clips' own
/// scores sees only what the model memorised.
/// </summary>
/// <remarks>
/// Cost: each fold model trains on (K-1)/K of the clips, K models in all by default. Fewer folds may be asked for
/// (<c>minimumScoredClips</c>: stop once that many clips are scored), but one fold model's scores carry that model's
/// own scale: on the synthetic 6 dB fan set (180 clips, one fold of 36 scored) 0% of test normals passed the
/// threshold for three seeds and 52% for a fourth, where 10% was expected. Every clip scored by its own fold model
/// averages those scales out. The fold models are discarded; the detector's model is the one trained on every clip.
/// </remarks>
public sealed class CrossFitter
{
    /// <summary>Default fold count.</summary>
    public const int DefaultFolds = 5;

    /// <summary>Default: score every clip (all K folds).</summary>
    public const int DefaultMinimumScoredClips = int.MaxValue;

    private readonly AutoencoderPreset _preset;
    private readonly int _seed;
    private readonly int _folds;
    private readonly int _minimumScoredClips;

    /// <param name="preset">The preset of the model whose unseen scores are estimated.</param>
    /// <param name="seed">Seed of the fold assignment; fold k's model trains with a seed derived from it.</param>
    /// <param name="folds">K, at least 2; a set of fewer clips uses one fold per clip.</param>
    /// <param name="minimumScoredClips">Train folds until at least this many clips are scored (all folds when it exceeds the clip count).</param>
    public CrossFitter(AutoencoderPreset preset, int seed = 0, int folds = DefaultFolds, int minimumScoredClips = DefaultMinimumScoredClips)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumScoredClips, 1);
        _preset = preset.Validate();
        _seed = seed;
        _folds = folds;
        _minimumScoredClips = minimumScoredClips;
    }

    /// <summary>The fold (0..K-1) of each of <paramref name="clipCount"/> clips: a seeded random, balanced assignment.</summary>
    public int[] AssignFolds(int clipCount)
    {
        int folds = Math.Min(_folds, clipCount);
        var order = Enumerable.Range(0, clipCount).ToArray();
        new Random(unchecked((_seed * 104729) + 0xC0F)).Shuffle(order);
        var fold = new int[clipCount];
        for (int p = 0; p < clipCount; p++)
        {
            fold[order[p]] = p % folds;
        }

        return fold;
    }

    /// <summary>Trains the fold models and scores each fold's clips with the model that did not see them.</summary>
    /// <param name="clips">The normal training clips' log-mel matrices; at least 2.</param>
    /// <param name="cancellationToken">Checked between training steps.</param>
    public UnseenScores Score(IReadOnlyList<FeatureMatrix> clips, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count < 2)
        {
            throw new InputException($"Cross-fitted scores need at least 2 training clips; there are {clips.Count}.");
        }

        var clock = Stopwatch.StartNew();
        int[] foldOf = AssignFolds(clips.Count);
        int folds = foldOf.Max() + 1;
        var scores = new SortedDictionary<int, double>();
        int trained = 0;
        for (int k = 0; k < folds && (k == 0 || scores.Count < Math.Min(_minimumScoredClips, clips.Count)); k++)
        {
            int[] inFold = [.. Enumerable.Range(0, clips.Count).Where(c => foldOf[c] == k)];
            FeatureMatrix[] rest = [.. Enumerable.Range(0, clips.Count).Where(c => foldOf[c] != k).Select(c => clips[c])];
            using var result = new AutoencoderTrainer(_preset, unchecked(_seed + 1 + k)).Train(rest, cancellationToken: cancellationToken);
            using var scorer = new AutoencoderScorer(result.Model);
            double[] foldScores = scorer.ScoreAll([.. inFold.Select(c => clips[c])], cancellationToken: cancellationToken);
            for (int i = 0; i < inFold.Length; i++)
            {
                scores[inFold[i]] = foldScores[i];
            }

            trained++;
        }

        return new UnseenScores([.. scores.Keys], [.. scores.Values], folds, trained, clock.Elapsed);
    }
}
