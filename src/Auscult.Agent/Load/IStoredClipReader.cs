namespace Auscult.Agent.Load;

/// <summary>Reads what the service's database holds for a run's machines (the run's <c>--check</c>).</summary>
public interface IStoredClipReader
{
    /// <summary>Every stored clip of <paramref name="machineIds"/> with its sender's clip id, its copies and its scores.</summary>
    Task<IReadOnlyList<StoredClip>> ReadAsync(IReadOnlyList<string> machineIds, CancellationToken cancellationToken);
}
