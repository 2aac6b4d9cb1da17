namespace Auscult.Data;

/// <summary>The clips to train on and to evaluate on, disjoint, each in catalog order.</summary>
/// <param name="Train">Normal clips for training.</param>
/// <param name="Test">Clips for evaluation (normal, anomalous and, for DCASE evaluation sets, unlabelled).</param>
/// <param name="Unused">Clips in neither: anomalies inside a training folder, unlabelled clips the data set does not split.</param>
public sealed record DatasetSplit(IReadOnlyList<CatalogEntry> Train, IReadOnlyList<CatalogEntry> Test, IReadOnlyList<CatalogEntry> Unused);
