using Auscult.Features;
using Auscult.Torch.Classifier;
using Auscult.Torch.Scoring;
using Auscult.Torch.Tests.Classifier;
using Auscult.Torch.Training;

namespace Auscult.Torch.Tests;

/// <summary>One loaded model serves many threads at once with the results of one thread.</summary>
public sealed class ConcurrentScoringTests
{
    private const int Threads = 8;
    private const int ClipsPerThread = 200;

    // Each thread scores every clip in its own order, so concurrent calls mix lengths and contents. Garbage
    // collections run all the while, as when a service's other threads allocate: a temporary TorchSharp object that
    // nothing references during its native call (an implicit Scalar) can then be freed mid-call. The window is short:
    // the autoencoder's square() (pow with an implicit 2) crashed the throughput benchmark (two workers, 10-s clips)
    // with "Unknown scalar type", but passed this test 3 times out of 3; the churn makes such a crash possible here,
    // not certain.
    private static void AssertSameOnEveryThread(IReadOnlyList<FeatureMatrix> clips, Func<FeatureMatrix, double> score)
    {
        double[] expected = [.. clips.Select(score)];
        var results = new double[Threads][];
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(w => new Thread(() =>
        {
            var mine = new double[clips.Count];
            int[] order = [.. Enumerable.Range(0, clips.Count)];
            new Random(w).Shuffle(order); // a different order per thread
            start.SignalAndWait();
            try
            {
                foreach (int i in order)
                {
                    mine[i] = score(clips[i]);
                }
            }
            catch (Exception e)
            {
                errors.Enqueue(e); // an exception on a bare thread would end the test process, not fail the test
            }

            results[w] = mine;
        })).ToList();
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        stop.Cancel();
        collector.Join();

        Assert.Empty(errors);

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void AutoencoderScorer_EightThreads_ScoreLikeOne()
    {
        using var trained = new AutoencoderTrainer(TinyData.Preset(epochs: 3), seed: 2).Train(TinyData.Normal(4));
        var clips = Enumerable.Range(0, ClipsPerThread).Select(i => TinyData.Normal(1, frames: 20 + (i % 7), seed: 100 + i)[0]).ToList();
        IAnomalyScorer scorer = new AutoencoderScorer(trained.Model);

        AssertSameOnEveryThread(clips, scorer.Score);
    }

    [Fact]
    public void ClassifierModel_EightThreads_ScoreLikeOne()
    {
        var (train, classes) = BandImages.Make(16, 8);
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 2)).Train(train, classes, BandImages.Tiny());
        var clips = Enumerable.Range(0, ClipsPerThread).Select(i => BandImages.Make(1, 0, seed: 300 + i, frames: 32 + (i % 5) * 4).Clips[0]).ToList();

        AssertSameOnEveryThread(clips, model.AnomalyProbability);
    }
}
