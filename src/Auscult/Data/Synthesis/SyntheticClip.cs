namespace Auscult.Data.Synthesis;

/// <summary>One clip of a synthetic data set: where it is written and what it contains (a manifest row).</summary>
/// <param name="RelativePath">Path below the output folder, with '/' separators.</param>
/// <param name="Spec">The clip's full description, seed included.</param>
public sealed record SyntheticClip(string RelativePath, ClipSpec Spec);
