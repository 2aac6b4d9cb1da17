using Spectre.Console;

namespace Auscult.Cli;

/// <summary>
/// Shows progress of long work: a Spectre.Console bar on an interactive terminal, and plain periodic lines
/// (<c>label: 120/800 (15%)</c>) when output is piped or captured, where a bar would print nothing.
/// </summary>
internal sealed class ProgressDisplay
{
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly TimeProvider _time;
    private readonly TimeSpan _plainInterval;

    public ProgressDisplay(TextWriter output, bool interactive, TimeProvider? time = null, TimeSpan? plainInterval = null)
    {
        _output = output;
        _interactive = interactive;
        _time = time ?? TimeProvider.System;
        _plainInterval = plainInterval ?? TimeSpan.FromSeconds(2);
    }

    /// <summary>A display for the given writer: interactive only for the real console when it is a terminal.</summary>
    public static ProgressDisplay For(TextWriter output) =>
        new(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected);

    /// <summary>Runs <paramref name="work"/>, which reports how many of <paramref name="total"/> items are done.</summary>
    public async Task<T> RunAsync<T>(string label, int total, Func<IProgress<int>, Task<T>> work)
    {
        if (_interactive)
        {
            T result = default!;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(label, maxValue: Math.Max(total, 1));
                    result = await work(new Progress<int>(done => task.Value = done));
                    task.Value = task.MaxValue;
                });
            return result;
        }

        var plain = new PlainProgress(_output, label, total, _time, _plainInterval);
        T value = await work(plain);
        plain.Finish();
        return value;
    }

    /// <summary>
    /// Runs a library workflow on a worker thread and shows each of its steps as it comes: a bar per step on a terminal,
    /// plain lines per step when piped.
    /// </summary>
    public async Task<T> RunStepsAsync<T>(Func<IProgress<WorkflowProgress>, T> work, CancellationToken cancellationToken)
    {
        if (_interactive)
        {
            T result = default!;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var steps = new StepBars(context);
                    result = await Task.Run(() => work(steps), cancellationToken);
                    steps.Finish();
                });
            return result;
        }

        var plain = new PlainSteps(this);
        T value = await Task.Run(() => work(plain), cancellationToken);
        plain.Finish();
        return value;
    }

    /// <summary>A bar per step; the previous step's bar is filled when the next begins.</summary>
    private sealed class StepBars(ProgressContext context) : IProgress<WorkflowProgress>
    {
        private readonly Lock _gate = new();
        private ProgressTask? _current;
        private string? _step;

        public void Report(WorkflowProgress value)
        {
            lock (_gate)
            {
                if (_step != value.Step)
                {
                    Finish();
                    _step = value.Step;
                    _current = context.AddTask(value.Step, maxValue: Math.Max(value.Total, 1));
                }

                _current!.Value = value.Done;
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                if (_current is not null)
                {
                    _current.Value = _current.MaxValue;
                }
            }
        }
    }

    /// <summary>Plain lines per step (see <see cref="PlainProgress"/>); a step's final line is written when the next begins.</summary>
    private sealed class PlainSteps(ProgressDisplay display) : IProgress<WorkflowProgress>
    {
        private readonly Lock _gate = new();
        private PlainProgress? _current;
        private string? _step;

        public void Report(WorkflowProgress value)
        {
            lock (_gate)
            {
                if (_step != value.Step)
                {
                    _current?.Finish();
                    _step = value.Step;
                    _current = new PlainProgress(display._output, value.Step, value.Total, display._time, display._plainInterval);
                }

                _current!.Report(value.Done);
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                _current?.Finish();
            }
        }
    }

    /// <summary>Writes a line when the count moves and the interval has passed; synchronous so lines never interleave.</summary>
    private sealed class PlainProgress(TextWriter output, string label, int total, TimeProvider time, TimeSpan interval) : IProgress<int>
    {
        private readonly Lock _gate = new();
        private long _lastWrite = time.GetTimestamp();
        private int _lastDone = -1;

        public void Report(int value)
        {
            lock (_gate)
            {
                if (value == _lastDone || time.GetElapsedTime(_lastWrite) < interval)
                {
                    return;
                }

                Write(value);
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                if (_lastDone != total)
                {
                    Write(total);
                }
            }
        }

        private void Write(int done)
        {
            _lastDone = done;
            _lastWrite = time.GetTimestamp();
            int percent = total == 0 ? 100 : (int)(100L * done / total);
            output.WriteLine($"{label}: {done}/{total} ({percent}%)");
        }
    }
}
