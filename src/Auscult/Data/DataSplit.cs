namespace Auscult.Data;

/// <summary>Which part of a data set a clip belongs to.</summary>
public enum DataSplit
{
    /// <summary>Training data (normal clips only, for unsupervised training).</summary>
    Train,

    /// <summary>Test (evaluation) data.</summary>
    Test,

    /// <summary>The data set does not say (MIMII, plain folders, flat DCASE 2020 names); <see cref="DatasetSplitter"/> decides.</summary>
    Unassigned,
}
