using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// The best cIoU and IIoU any continuous map can score on a set of box entries. The plain threshold is the median,
/// so a map without ties predicts the M = N - N/2 - 1 pixels above it; against a 0/1 ground truth of A pixels the
/// best IoU is A / M when A &lt;= M (the prediction covers the object) and M / A otherwise. An entry can be a hit
/// (IoU &gt;= 0.5) only when M / 2 &lt;= A &lt;= 2M: an object under about a quarter of the picture never is.
/// </summary>
public static class PlainThresholdCeiling
{
    public static (double CIoU, double IIoU) Of(IReadOnlyList<BenchmarkEntry> entries, int size)
    {
        if (entries.Count == 0)
        {
            return (double.NaN, double.NaN);
        }
        var n = size * size;
        var m = n - (n / 2) - 1;
        bool Reachable(BenchmarkEntry e)
        {
            var a = GroundTruthMap.FromBoxes(e.Boxes, GroundTruthRule.Union, size).NonZero;
            return a * 2 >= m && a <= 2 * m;
        }
        var reachable = entries.Select(Reachable).ToList();
        var groups = entries.Select((e, i) => (e.Group, Hit: reachable[i])).GroupBy(x => x.Group, StringComparer.Ordinal).ToList();
        return (reachable.Count(r => r) / (double)entries.Count, groups.Count(g => g.All(x => x.Hit)) / (double)groups.Count);
    }
}
