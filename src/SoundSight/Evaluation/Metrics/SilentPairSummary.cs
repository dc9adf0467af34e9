using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>The metrics of an extended set: counts, and the "all" and "visible" (at least one box) subsets.</summary>
public sealed record SilentPairSummary(string Benchmark, string ExtendedSet, int Samples, int Sounding, int NonSounding, SilentPairSubset All, SilentPairSubset? Visible)
{
    public static SilentPairSummary Compute(BenchmarkPreset preset, string extendedSet, IReadOnlyList<SilentPairScore> scores)
    {
        var (all, visible) = SilentPairMetrics.Compute(scores);
        return new SilentPairSummary(preset.Name, extendedSet, scores.Count, scores.Count(s => s.Boxes > 0), scores.Count(s => s.Boxes == 0), all, visible);
    }
}
