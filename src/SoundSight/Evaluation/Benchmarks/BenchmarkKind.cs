using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>The benchmarks of the official evaluation (test.py --testset).</summary>
public enum BenchmarkKind
{
    Is3,
    VggSs,
    Flickr,
    S4,
    Ms3,
    VpoSs,
    VpoMs,
}
