using System.Diagnostics;

namespace OpenClue.Cli.Output;

/// <summary>
/// The <c>--wait</c> status on stderr. On a terminal one line is redrawn in place with a spinner and the elapsed
/// time; otherwise (a log, a pipe) a line is written each time the status changes.
/// </summary>
internal sealed class StatusLine : IDisposable
{
    private static readonly string[] Spinner = ["-", "\\", "|", "/"];
    private readonly TextWriter _err;
    private readonly bool _live;
    private readonly string _label;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Timer? _ticker;
    private readonly Lock _gate = new();
    private string _status = "…";
    private int _frame;
    private bool _finished;

    public StatusLine(TextWriter err, bool live, string label)
    {
        _err = err;
        _live = live;
        _label = label;
        if (live) _ticker = new Timer(_ => Redraw(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
    }

    public TimeSpan Elapsed => _elapsed.Elapsed;

    public void Update(string status)
    {
        lock (_gate)
        {
            if (_finished || status == _status) return;
            _status = status;
            if (!_live) _err.WriteLine($"{_label}: {status} ({Format(_elapsed.Elapsed)})");
        }
        Redraw();
    }

    /// <summary>Stops the line at its final status (the line stays on screen).</summary>
    public void Finish(string status)
    {
        _ticker?.Dispose();
        lock (_gate)
        {
            if (_finished) return;
            _finished = true;
            var line = $"{_label}: {status} ({Format(_elapsed.Elapsed)})";
            if (_live) _err.WriteLine($"\r\x1b[2K{line}");
            else if (status != _status) _err.WriteLine(line); // a log already has the line of the last change
            _err.Flush();
        }
    }

    private void Redraw()
    {
        if (!_live) return;
        lock (_gate)
        {
            if (_finished) return;
            _err.Write($"\r\x1b[2K{Spinner[_frame++ % Spinner.Length]} {_label}: {_status} ({Format(_elapsed.Elapsed)})");
            _err.Flush();
        }
    }

    public static string Format(TimeSpan elapsed) =>
        elapsed.TotalMinutes < 1 ? $"{elapsed.TotalSeconds:0.0}s" : $"{(int)elapsed.TotalMinutes}m {elapsed.Seconds:00}s";

    public void Dispose()
    {
        _ticker?.Dispose();
        lock (_gate)
        {
            // Interrupted (Ctrl+C, an error): end the redrawn line so the next message starts on its own.
            if (!_finished && _live) _err.WriteLine();
            _finished = true;
        }
    }
}
