namespace Auscult.Data.Synthesis;

/// <summary>Folder layouts <see cref="SyntheticDatasetWriter"/> can write.</summary>
public enum SyntheticLayout
{
    /// <summary>MIMII: <c>&lt;snr&gt;_dB_&lt;type&gt;/&lt;type&gt;/id_XX/{normal,abnormal}/NNNNNNNN.wav</c>, one tree per SNR.</summary>
    Mimii,

    /// <summary>
    /// DCASE 2020 Task 2: <c>&lt;type&gt;/{train,test}/{normal,anomaly}_id_XX_NNNNNNNN.wav</c>. Test holds every abnormal
    /// clip and as many normal clips of the same id; train holds the remaining normal clips. One SNR only.
    /// </summary>
    Dcase2020,
}
