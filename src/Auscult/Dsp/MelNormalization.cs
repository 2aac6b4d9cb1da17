namespace Auscult.Dsp;

/// <summary>How each mel band's triangle is scaled (librosa's <c>norm</c>).</summary>
public enum MelNormalization
{
    /// <summary>Divide each triangle by its width in Hz so that bands have equal area (<c>norm='slaney'</c>, librosa's default).</summary>
    Slaney,

    /// <summary>Triangles peak at 1 (<c>norm=None</c>).</summary>
    None,
}
