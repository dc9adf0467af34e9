using System.Diagnostics;

namespace SoundSight.Cli.Console;

/// <summary>
/// A one-line progress display on stderr with rate and ETA. Redraws at most a few times a second; when stderr
/// is not a terminal (CI logs) it prints a plain line every 10 % instead of carriage-return redraws.
/// </summary>
public sealed class ProgressBar : IDisposable
{
    private readonly string _label;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = !System.Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private readonly long _start;
    private long _done;
    private long _lastDrawMs = -1000;
    private int _lastDecile = -1;

    public ProgressBar(string label, long total, long alreadyDone = 0)
    {
        _label = label;
        _total = Math.Max(0, total);
        _done = Math.Max(0, alreadyDone);
        _start = _done;
    }

    public void Advance(long count = 1, string? status = null)
    {
        lock (_gate)
        {
            _done += count;
            var now = _clock.ElapsedMilliseconds;
            var decile = _total > 0 ? (int)(10 * _done / _total) : 0;
            if (_interactive ? now - _lastDrawMs >= 200 || _done >= _total : decile != _lastDecile)
            {
                _lastDrawMs = now;
                _lastDecile = decile;
                Draw(status);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Draw(null);
            if (_interactive)
            {
                System.Console.Error.WriteLine();
            }
        }
    }

    private void Draw(string? status)
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? (_done - _start) / seconds : 0;
        var eta = rate > 0 && _total > _done ? TimeSpan.FromSeconds((_total - _done) / rate) : TimeSpan.Zero;
        var fraction = _total > 0 ? Math.Min(1.0, _done / (double)_total) : 0;
        const int width = 24;
        var filled = (int)Math.Round(fraction * width);
        var bar = new string('#', filled) + new string('.', width - filled);
        var line = $"{_label} [{bar}] {_done}/{_total} {fraction * 100,5:0.0}% {rate,7:0.0}/s elapsed {Format(_clock.Elapsed)} ETA {Format(eta)}";
        if (!string.IsNullOrEmpty(status))
        {
            line += $"  {status}";
        }
        System.Console.Error.Write(_interactive ? $"\r{line}" : $"{line}{Environment.NewLine}");
    }

    private static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes:00}:{t.Seconds:00}";
}
