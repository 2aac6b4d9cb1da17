namespace Auscult.Agent.Load;

/// <summary>How many of a run's stored clips one service instance scored.</summary>
/// <param name="Instance">The instance's id (its <c>Auscult:InstanceId</c>), or <c>unknown</c> for scores that name none.</param>
/// <param name="Clips">The run's clips it scored.</param>
/// <param name="Share">Its fraction of the run's stored clips, 0 to 1 (rounded to 0.001).</param>
public sealed record InstanceShare(string Instance, int Clips, double Share);
