namespace Auscult.Data.Synthesis;

/// <summary>The four MIMII machine types. The lower-case name is the MIMII/DCASE folder name (<c>fan</c>, <c>pump</c>, ...).</summary>
public enum MachineType
{
    /// <summary>An industrial ventilation fan: rotation and blade-pass tones over broadband flow noise.</summary>
    Fan,

    /// <summary>A water pump: impeller vane-pass tones, motor hum and turbulent water flow.</summary>
    Pump,

    /// <summary>A slide rail (linear slide): a carriage driven back and forth by a motor and belt, stopping at both ends.</summary>
    Slider,

    /// <summary>A solenoid valve opening and closing on a cycle: impact clicks with flow noise while open.</summary>
    Valve,
}
