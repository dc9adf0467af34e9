using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Comparison;

/// <summary>
/// Which entries the comparison page shows: the first <c>count</c> pictures in entry order, each with all its
/// entries (on an interactive set, every sound of the picture, so its maps sit side by side).
/// </summary>
public static class GalleryPicker
{
    public static IReadOnlyList<(string Picture, IReadOnlyList<BenchmarkEntry> Entries)> Pick(IReadOnlyList<BenchmarkEntry> entries, bool interactive, int count)
    {
        var key = interactive ? (Func<BenchmarkEntry, string>)(e => e.Group) : e => e.Name;
        return entries.GroupBy(key, StringComparer.Ordinal)
            .Take(Math.Max(0, count))
            .Select(g => (g.Key, (IReadOnlyList<BenchmarkEntry>)g.ToList()))
            .ToList();
    }
}
