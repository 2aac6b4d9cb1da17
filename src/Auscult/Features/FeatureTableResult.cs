using Auscult.Data;

namespace Auscult.Features;

/// <summary>What <see cref="FeatureTable"/> wrote.</summary>
/// <param name="Rows">The index: one line per clip written, in matrix order.</param>
/// <param name="Failures">The clips that could not be read or featurised (left out of the matrix), sorted by path.</param>
/// <param name="Columns">Values per matrix row.</param>
public sealed record FeatureTableResult(IReadOnlyList<FeatureTableRow> Rows, IReadOnlyList<ClipFailure> Failures, int Columns)
{
    /// <summary>Rows of the stacked matrix.</summary>
    public long TotalRows => Rows.Count == 0 ? 0 : Rows[^1].FirstRow + Rows[^1].RowCount;

    /// <summary>Whether anything was written (false when every clip failed: no file was created or replaced).</summary>
    public bool Written => Rows.Count > 0;
}
