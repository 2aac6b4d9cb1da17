namespace Auscult.Server.Machines;

/// <summary>A machine's own threshold options; by default it uses its model's threshold.</summary>
public sealed record MachineOptions
{
    /// <summary>A threshold set by hand for this machine, on the model's score scale; null for the model's.</summary>
    public double? Threshold { get; init; }

    /// <summary>
    /// Whether the machine calibrates its own threshold on its first clips after a model is activated (the state is
    /// <c>learning</c> meanwhile): true or false for this machine, null (the default) to follow the service's
    /// <c>Auscult:Alerts:CalibrationEnabled</c> (off by default).
    /// </summary>
    public bool? Calibrate { get; init; }
}
