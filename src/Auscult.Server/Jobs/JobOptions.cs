namespace Auscult.Server.Jobs;

/// <summary>
/// Training jobs (configuration section <c>Auscult:Jobs</c>): how much data a job needs, how much work it may do, and
/// how the instances sharing a database share the jobs.
/// </summary>
public sealed class JobOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auscult:Jobs";

    /// <summary>Whether this instance runs jobs (the API still queues them for another instance when false).</summary>
    /// <value>Default true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Normal clips with audio a machine type needs before its first autoencoder is offered: a day of several machines.
    /// </summary>
    /// <value>Default 864 (three machines, one clip every 5 minutes, for a day); 2 to 1,000,000.</value>
    public int FirstModelMinimumClips { get; set; } = 864;

    /// <summary>Normal clips with audio a retraining of the autoencoder needs.</summary>
    /// <value>Default 100; 2 to 1,000,000.</value>
    public int RetrainMinimumClips { get; set; } = 100;

    /// <summary>Labelled anomalous clips with audio the classifier needs (it holds a fifth of them out to evaluate).</summary>
    /// <value>Default 10 (the labels page advises 32 before the classifier pays off; the comparison shows it); 3 to 1,000,000.</value>
    public int ClassifierMinimumAnomalies { get; set; } = 10;

    /// <summary>The newest normal clips a job trains on at most (its memory and time grow with them).</summary>
    /// <value>Default 2000; 2 to 1,000,000.</value>
    public int MaxNormalClips { get; set; } = 2000;

    /// <summary>Epochs an autoencoder trains; null keeps its preset's (the active model's, else the default preset's).</summary>
    /// <value>Default null; 1 to 10,000.</value>
    public int? Epochs { get; set; }

    /// <summary>Time the classifier's search of settings may take.</summary>
    /// <value>Default 10 minutes; 1 second to 1 day.</value>
    public TimeSpan ClassifierBudget { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Clips whose features a job extracts at once (the instance keeps scoring meanwhile).</summary>
    /// <value>Default 1; 1 to 64.</value>
    public int MaxParallelism { get; set; } = 1;

    /// <summary>
    /// How long a claimed job's lease lasts; the holder renews it while it trains. A running job whose lease expired
    /// (its instance died) is marked failed, not run again: training restarts from nothing, and a job that kills its
    /// instance would otherwise kill every instance in turn.
    /// </summary>
    /// <value>Default 2 minutes; 10 seconds to 1 hour.</value>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often an instance looks for queued jobs of other instances and for expired leases.</summary>
    /// <value>Default 10 seconds; 1 second to 1 hour.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Seed of every training: the same data give the same model.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; set; }
}
