namespace Auscult.Health;

/// <summary>One finding of the input checks.</summary>
/// <param name="Check">Which check found it.</param>
/// <param name="Severity">Whether the clip can still be scored.</param>
/// <param name="Message">What was measured against which limit, in words an operator reads (e.g. "level -97.2 dBFS, below -90 dBFS: the microphone hears nothing").</param>
public sealed record HealthProblem(HealthCheck Check, HealthSeverity Severity, string Message);
