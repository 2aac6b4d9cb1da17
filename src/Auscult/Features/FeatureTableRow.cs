namespace Auscult.Features;

/// <summary>One line of a feature table's index: a clip and the rows of the stacked matrix that hold its features.</summary>
/// <param name="Clip">The clip.</param>
/// <param name="FirstRow">The clip's first row in the matrix (0-based).</param>
/// <param name="RowCount">How many consecutive rows are the clip's (frames, or context vectors).</param>
public sealed record FeatureTableRow(FeatureTableClip Clip, long FirstRow, int RowCount);
