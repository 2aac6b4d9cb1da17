namespace Auscult.Data;

/// <summary>The folder and file-name conventions <see cref="ClipCatalog.Discover"/> recognises.</summary>
public enum DatasetLayout
{
    /// <summary>MIMII: <c>[&lt;snr&gt;_dB_&lt;type&gt;/]&lt;type&gt;/id_XX/{normal,abnormal}/*.wav</c>.</summary>
    Mimii,

    /// <summary>
    /// DCASE 2020 Task 2: <c>&lt;type&gt;/{train,test}/{normal,anomaly}_id_XX_NNNNNNNN.wav</c>, or such names in one flat
    /// folder (split unassigned).
    /// </summary>
    Dcase2020,

    /// <summary>
    /// DCASE 2021+ Task 2: <c>&lt;type&gt;/{train,test}/section_XX_{source,target}_{train,test}_{normal,anomaly}_NNNN[_attributes].wav</c>,
    /// or such names in one flat folder, optionally prefixed <c>&lt;type&gt;_{train,test}_</c>.
    /// </summary>
    Dcase2021,

    /// <summary>Any folder holding <c>normal/</c> and <c>abnormal/</c> sub-folders of WAV files; machine type and id are the folder's name.</summary>
    NormalAbnormalFolders,
}
