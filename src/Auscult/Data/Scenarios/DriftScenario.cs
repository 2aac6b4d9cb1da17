namespace Auscult.Data.Scenarios;

/// <summary>
/// The drift scenarios <see cref="ScenarioGenerator"/> synthesises: weeks of clips from a few machines, with one event
/// whose cause a drift monitor must name (see <see cref="ScenarioNames"/> for the command-line names).
/// </summary>
public enum DriftScenario
{
    /// <summary>Normal operation throughout: a drift monitor must stay silent.</summary>
    Steady,

    /// <summary>A fault that grows slowly from the event on (fan: unbalance; pump: clogging): machine drift.</summary>
    GrowingFault,

    /// <summary>The microphone's gain drops by 12 dB at the event: environment (microphone).</summary>
    MicGainDrop,

    /// <summary>The microphone is fouled at the event: the high frequencies are lost (a low-pass at 2 kHz): environment.</summary>
    MicFouled,

    /// <summary>The background noise rises by 12 dB over the day after the event (a neighbour machine starts): environment.</summary>
    BackgroundRise,

    /// <summary>The machine runs 6% faster from the event on, a normal change of operating point (fans and pumps).</summary>
    SpeedChange,

    /// <summary>Channel 0 of the 8-channel array goes dead at the event (the one the features use): input.</summary>
    DeadChannel,

    /// <summary>The machine sends nothing for one day from the event on, then resumes unchanged: no drift.</summary>
    OfflineGap,
}
