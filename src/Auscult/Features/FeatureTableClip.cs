namespace Auscult.Features;

/// <summary>One clip of a feature table (<see cref="FeatureTable"/>) and what its data set says about it.</summary>
/// <param name="Path">The WAV file.</param>
/// <param name="Name">The clip's name in the index: its path below the table's root folder, with '/' separators.</param>
/// <param name="Machine">The machine as the catalog knows it, <c>type/id</c> (<c>fan/id_00</c>), or "" when the clip fits no layout.</param>
/// <param name="Split">
/// Where training and evaluation put the clip (<see cref="Data.DatasetSplitter"/>): <c>train</c>, <c>test</c> or
/// <c>unused</c>; "" when the clip fits no layout.
/// </param>
/// <param name="Label">The ground truth: <c>normal</c>, <c>anomaly</c> or <c>unknown</c>; "" when the clip fits no layout.</param>
public sealed record FeatureTableClip(string Path, string Name, string Machine = "", string Split = "", string Label = "");
