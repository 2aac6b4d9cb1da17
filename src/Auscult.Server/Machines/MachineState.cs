namespace Auscult.Server.Machines;

/// <summary>A machine's state as OPERATIONS.md names them.</summary>
public enum MachineState
{
    /// <summary>Recent clips are normal.</summary>
    Ok,

    /// <summary>The machine calibrates its own threshold on its first clips after a model was activated.</summary>
    Learning,

    /// <summary>An open warning alert.</summary>
    Warning,

    /// <summary>An open alarm alert.</summary>
    Alarm,

    /// <summary>The latest clip was unfit input (microphone, cable, recorder).</summary>
    InputFault,

    /// <summary>No clip for longer than the offline period.</summary>
    Offline,

    /// <summary>No clip yet.</summary>
    NoData,
}
