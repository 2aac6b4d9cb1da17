namespace Auscult.Server.Alerts.Webhooks;

/// <summary>A delivery log in memory, for tests and hosts without a database; keeps the latest attempts only.</summary>
public sealed class InMemoryWebhookDeliveryLog : IWebhookDeliveryLog
{
    private readonly object _gate = new();
    private readonly List<WebhookDeliveryAttempt> _attempts = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private readonly int _capacity;
    private int _total;

    /// <summary>A log that keeps the latest <paramref name="capacity"/> attempts.</summary>
    public InMemoryWebhookDeliveryLog(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>The attempts kept, oldest first.</summary>
    public IReadOnlyList<WebhookDeliveryAttempt> Attempts
    {
        get
        {
            lock (_gate)
            {
                return [.. _attempts];
            }
        }
    }

    /// <inheritdoc />
    public ValueTask RecordAsync(WebhookDeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        List<TaskCompletionSource> due = [];
        lock (_gate)
        {
            _attempts.Add(attempt);
            if (_attempts.Count > _capacity)
            {
                _attempts.RemoveAt(0);
            }

            _total++;
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= _total)
                {
                    due.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in due)
        {
            signal.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Completes when at least <paramref name="count"/> attempts have been recorded in all.</summary>
    public Task WaitForCountAsync(int count, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_total >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }
}
