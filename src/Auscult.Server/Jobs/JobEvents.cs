namespace Auscult.Server.Jobs;

/// <summary>Tells this instance's live pages that a job changed (progress, state, decision); they read it again.</summary>
public sealed class JobEvents
{
    /// <summary>Raised with the job's id, on whatever thread changed it.</summary>
    public event Action<string>? Changed;

    /// <summary>Announces a change of job <paramref name="jobId"/>.</summary>
    public void Raise(string jobId) => Changed?.Invoke(jobId);
}
