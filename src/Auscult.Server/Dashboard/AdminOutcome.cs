namespace Auscult.Server.Dashboard;

/// <summary>What an admin action did, in words, and a new key to show once (only after <see cref="AdminAction.CreateKey"/>).</summary>
/// <param name="Message">One sentence for the page.</param>
/// <param name="NewKey">The key just made, or null.</param>
public sealed record AdminOutcome(string Message, string? NewKey = null);
