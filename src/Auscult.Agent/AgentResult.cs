namespace Auscult.Agent;

/// <summary>What an agent run did.</summary>
/// <param name="Captured">Clips the sources produced and the spool took.</param>
/// <param name="Acknowledged">Clips the receiver acknowledged (including any left in the spool by an earlier run).</param>
/// <param name="Dropped">Clips dropped because the spool was full.</param>
/// <param name="Rejected">Clips the receiver refused for good.</param>
/// <param name="Remaining">Clips still in the spool when the run ended (sent by the next run).</param>
/// <param name="LastError">The last error reported, or null.</param>
public sealed record AgentResult(long Captured, long Acknowledged, long Dropped, long Rejected, int Remaining, string? LastError)
{
    /// <summary>Whether every clip was delivered: nothing dropped, rejected or left behind.</summary>
    public bool Complete => Dropped == 0 && Rejected == 0 && Remaining == 0;
}
