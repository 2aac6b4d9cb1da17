namespace Auscult.Data.Synthesis;

/// <summary>
/// The faults MIMII recorded, per machine type (see <see cref="AnomalyKinds.For(MachineType)"/>): fan: unbalance, voltage
/// change, clogging; pump: leakage, contamination, clogging; valve: contamination; slide rail: rail damage, loose belt,
/// no grease.
/// </summary>
public enum AnomalyKind
{
    /// <summary>No fault: a normal clip.</summary>
    None,

    /// <summary>Fan: mass unbalance of the rotor; raises the once-per-revolution tone and modulates the blade pass at the rotation rate.</summary>
    Unbalance,

    /// <summary>Fan: a changed supply voltage; shifts the induction motor's slip (speed) and its magnetic hum.</summary>
    VoltageChange,

    /// <summary>Fan or pump: a blocked filter or inlet; less flow noise, more tonal loading, whistle (fan) or cavitation (pump).</summary>
    Clogging,

    /// <summary>Pump: fluid escaping through a gap; an intermittent high-frequency hiss.</summary>
    Leakage,

    /// <summary>Pump or valve: particles in the fluid; small random impacts (pump), incomplete seating, bounce and leak (valve).</summary>
    Contamination,

    /// <summary>Slide rail: a dent in the rail; an impact each time the carriage passes the defect.</summary>
    RailDamage,

    /// <summary>Slide rail: a slack drive belt; flutter of the belt-mesh tone and slap at accelerations.</summary>
    LooseBelt,

    /// <summary>Slide rail: dry bearings; stick-slip squeal while moving and rougher rolling noise.</summary>
    NoGrease,
}
