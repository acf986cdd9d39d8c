using System.Diagnostics;

namespace OpenClue.Cli.Output;

/// <summary>
/// The <c>--wait</c> status on stderr, with the percent done when the server knows it. On a terminal one line is
/// redrawn in place with a spinner and the elapsed time; otherwise (a log, a pipe) a line is written each time the
/// status changes, and at every tenth of the way, so a log shows progress without a line per poll.
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
    private string _shown = "…";
    private int _loggedTenth = -1;
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

    /// <param name="progress">Whole percent done, when the server knows it.</param>
    /// <param name="detail">What the percent counts, or what the job does when it cannot tell.</param>
    public void Update(string status, int? progress = null, string? detail = null)
    {
        var shown = Describe(status, progress, detail);
        lock (_gate)
        {
            if (_finished || shown == _shown) return;
            var tenth = progress is { } p ? p / 10 : -1;
            var log = status != _status || tenth > _loggedTenth || (progress is null && detail is not null);
            _status = status;
            _shown = shown;
            if (!_live && log)
            {
                _loggedTenth = tenth;
                _err.WriteLine($"{_label}: {shown} ({Format(_elapsed.Elapsed)})");
            }
        }
        Redraw();
    }

    /// <summary>"in_progress 45%, 12.3 MB of 48.0 MB read"; the status alone when nothing more is known.</summary>
    public static string Describe(string status, int? progress, string? detail)
    {
        var text = progress is { } p ? $"{status} {p}%" : status;
        return detail is { Length: > 0 } ? $"{text}, {char.ToLowerInvariant(detail[0])}{detail[1..].TrimEnd('.')}" : text;
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
            _err.Write($"\r\x1b[2K{Spinner[_frame++ % Spinner.Length]} {_label}: {_shown} ({Format(_elapsed.Elapsed)})");
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
