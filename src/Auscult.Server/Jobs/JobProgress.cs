namespace Auscult.Server.Jobs;

/// <summary>How far a running job is: the step (e.g. <c>features</c>, <c>training mimii</c>) and its count.</summary>
/// <param name="Step">The step, as the training workflow names it; null before the first report.</param>
/// <param name="Done">Items of the step done.</param>
/// <param name="Total">Items of the step.</param>
public sealed record JobProgress(string? Step, int Done, int Total);
