namespace Auscult.Server.Models;

/// <summary>The answer of <c>GET /api/v1/models</c>.</summary>
/// <param name="Models">Every model, newest first.</param>
/// <param name="Activations">Every activation, newest first (the first per machine or type is the active one).</param>
public sealed record ModelList(IReadOnlyList<ModelRecord> Models, IReadOnlyList<ModelActivation> Activations);
