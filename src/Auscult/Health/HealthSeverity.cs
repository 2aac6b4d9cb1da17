namespace Auscult.Health;

/// <summary>How much an input problem matters to a detection.</summary>
public enum HealthSeverity
{
    /// <summary>The clip can be scored, but its score may be off: say so beside it.</summary>
    Warning,

    /// <summary>The clip says nothing about the machine: it gets the verdict "input unfit", never a machine verdict.</summary>
    Unfit,
}
