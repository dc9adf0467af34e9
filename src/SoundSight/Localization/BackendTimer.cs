using System.Diagnostics;

namespace SoundSight.Localization;

/// <summary>
/// Times several backends on the same work, fairly on a shared machine: one untimed warm-up call each, then
/// rounds in which every backend runs twice, untimed then timed, the order rotating from round to round, with a
/// short pause between backends so that one's spinning worker threads do not slow the next. The untimed call
/// takes the cost of switching from another backend (libtorch's thread count, which the ONNX backend lowers,
/// makes oneDNN rebuild its convolutions): timing the first call after a switch made the Winograd towers look
/// 1.6x slower at batch 8 than they run (docs/speed.md, 2026-12-07), and a run stays on one backend. Stops after
/// <see cref="MinimumRounds"/> rounds once the budget has been spent (at most
/// <see cref="MaximumRounds"/>); reports each backend's median milliseconds.
/// </summary>
public static class BackendTimer
{
    /// <summary>Three, so that a median can set one disturbed call aside (at batch 8 the budget allows about two
    /// rounds, and two calls on a shared machine moved by a third between identical measurements).</summary>
    public const int MinimumRounds = 3;

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
                var clock = Stopwatch.StartNew();
                run();
                samples[backend].Add(clock.Elapsed.TotalMilliseconds);
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
