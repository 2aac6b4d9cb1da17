using Microsoft.Extensions.Options;

namespace Auscult.Server.Clips;

/// <summary>
/// Bounds the posted clips in work at once (<see cref="ServerOptions.MaxConcurrentClips"/>) and those waiting for a turn
/// (<see cref="ServerOptions.MaxWaitingClips"/>). A waiting post has not read its body, so memory under a flood of posts
/// is bounded by the clips in work, not by the posts received; past the waiting limit a post is answered 503 with
/// Retry-After, which the agent and loadgen treat as "send again later".
/// </summary>
public sealed class ClipAdmission : IDisposable
{
    private readonly SemaphoreSlim _turns;
    private readonly int _maxWaiting;
    private int _waiting;

    public ClipAdmission(IOptions<ServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _turns = new SemaphoreSlim(options.Value.MaxConcurrentClips, options.Value.MaxConcurrentClips);
        _maxWaiting = options.Value.MaxWaitingClips;
    }

    /// <summary>Posts waiting for a turn now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Waits for a turn; dispose the result to give it back.</summary>
    /// <exception cref="ProblemException">503 when too many posts wait already.</exception>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_turns.Wait(0, CancellationToken.None))
        {
            return new Turn(_turns);
        }

        if (Interlocked.Increment(ref _waiting) > _maxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            throw ProblemException.Busy($"The service is deciding as many clips as it can and {_maxWaiting} more wait; send this clip again shortly.",
                TimeSpan.FromSeconds(1));
        }

        try
        {
            await _turns.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return new Turn(_turns);
    }

    public void Dispose() => _turns.Dispose();

    private sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turns.Release();
            }
        }
    }
}
