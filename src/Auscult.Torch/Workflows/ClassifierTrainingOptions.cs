namespace Auscult.Torch.Workflows;

/// <summary>What <see cref="ClassifierTraining.Train"/> is asked to do.</summary>
public sealed record ClassifierTrainingOptions
{
    /// <summary>Time the search of architectures, resolutions and learning rates may take.</summary>
    /// <value>Default: 10 minutes.</value>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Seed of the search and of every trial.</summary>
    /// <value>Default: 0.</value>
    public int Seed { get; init; }

    /// <summary>Clock of the budget (tests pass a fake one).</summary>
    /// <value>Default: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Most clips whose features are extracted at once; null means one per core. A host that trains while it scores
    /// passes its own share of the cores. The network itself trains on the host's torch threads (<see cref="TorchRuntime.Configure"/>).
    /// </summary>
    /// <value>Default: null (one per core).</value>
    public int? MaxParallelism { get; init; }
}
