namespace Auscult.Data;

/// <summary>A clip that could not be processed, with the reason the user can act on.</summary>
public sealed record ClipFailure(string Path, string Message);
