using System.Diagnostics;

namespace SoundSight.Localization;

/// <summary>
/// Times several backends on the same work, fairly on a shared machine: one untimed warm-up call each, then
/// rounds in which every backend takes a turn of one untimed call and <see cref="TimedCallsPerTurn"/> timed ones,
/// the order rotating from round to round, with a short pause between turns so that one's spinning worker
/// threads do not slow the next. A run stays on one backend, so its speed is what a turn measures after its first
/// call, which pays for switching from another backend (libtorch's thread count, which the ONNX backend lowers,
/// makes oneDNN rebuild its convolutions): timing each backend's first call after a switch made the Winograd
/// towers look 1.6x slower at batch 8 than they run (docs/speed.md, 2026-12-07). Stops after
/// <see cref="MinimumRounds"/> rounds once the budget has been spent (at most <see cref="MaximumRounds"/>);
/// reports each backend's median milliseconds.
/// </summary>
public static class BackendTimer
{
    /// <summary>With two timed calls a turn, four samples a backend at least: a median that can set a disturbed call
    /// aside (at batch 8 the budget allows about two rounds, and single calls on a shared machine moved by a third
    /// between identical measurements).</summary>
    public const int MinimumRounds = 2;

    public const int TimedCallsPerTurn = 2;

    public const int MaximumRounds = 15;

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(15);

    public static Dictionary<InferenceBackend, double> MedianMilliseconds(IReadOnlyList<(InferenceBackend Backend, Action Run)> runs, TimeSpan budget)
    {
        foreach (var (_, run) in runs)
        {
            run();
            Thread.Sleep(Pause);
        }
        var samples = runs.ToDictionary(r => r.Backend, _ => new List<double>());
        var spent = Stopwatch.StartNew();
        for (var round = 0; round < MaximumRounds && (round < MinimumRounds || spent.Elapsed < budget); round++)
        {
            for (var k = 0; k < runs.Count; k++)
            {
                var (backend, run) = runs[(k + round) % runs.Count];
                run();
                for (var call = 0; call < TimedCallsPerTurn; call++)
                {
                    var clock = Stopwatch.StartNew();
                    run();
                    samples[backend].Add(clock.Elapsed.TotalMilliseconds);
                }
                Thread.Sleep(Pause);
            }
        }
        return samples.ToDictionary(s => s.Key, s => Median(s.Value));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
