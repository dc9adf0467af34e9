using System.Diagnostics;

namespace SoundSight.Localization;

/// <summary>
/// Times several backends on the same work as a run uses one: one backend after another, each with one untimed
/// call (which pays for switching from the previous backend: libtorch's thread count, which the ONNX backend lowers,
/// makes oneDNN rebuild its convolutions) and then at least <see cref="MinimumCalls"/> timed calls, until its share
/// of the budget is spent (at most <see cref="MaximumCalls"/>), with a short pause between backends so that one's
/// spinning worker threads do not slow the next. Timing each backend's first call after a switch made the Winograd
/// towers look 1.6x slower at batch 8 than they run, and interleaving the backends still ranked them wrongly there
/// (docs/speed.md, 2026-12-07). Reports each backend's median milliseconds.
/// </summary>
public static class BackendTimer
{
    /// <summary>A median that can set a disturbed call aside (single calls on a shared machine moved by a third
    /// between identical measurements).</summary>
    public const int MinimumCalls = 4;

    public const int MaximumCalls = 30;

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(15);

    /// <param name="timed">Called after each backend's calls with its median (e.g. to let go of what it loaded).</param>
    public static Dictionary<InferenceBackend, double> MedianMilliseconds(IReadOnlyList<(InferenceBackend Backend, Action Run)> runs, TimeSpan budget,
        Action<InferenceBackend, double>? timed = null)
    {
        var share = budget / Math.Max(1, runs.Count);
        var medians = new Dictionary<InferenceBackend, double>();
        foreach (var (backend, run) in runs)
        {
            run();
            var samples = new List<double>();
            var spent = Stopwatch.StartNew();
            while (samples.Count < MaximumCalls && (samples.Count < MinimumCalls || spent.Elapsed < share))
            {
                var clock = Stopwatch.StartNew();
                run();
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
            medians[backend] = Median(samples);
            timed?.Invoke(backend, medians[backend]);
            Thread.Sleep(Pause);
        }
        return medians;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
