namespace Auscult.Data;

/// <summary>The DCASE 2021+ domain of a clip (domain-shift tasks).</summary>
public enum Domain
{
    /// <summary>The data set has no domains (MIMII, DCASE 2020, plain folders).</summary>
    None,

    /// <summary>The source domain: the conditions with plenty of training data.</summary>
    Source,

    /// <summary>The target domain: shifted conditions with few training clips.</summary>
    Target,
}
