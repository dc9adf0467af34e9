using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// Two methods on the same interactive benchmark, picture by picture: a group (one picture, all its sounds)
/// succeeds when every member's IoU reaches 0.5 (what IIoU counts). The groups where exactly one method succeeds
/// decide which is better, and the exact two-sided McNemar test says whether that many discordant groups could
/// come out so unevenly by chance. One demo-sized set (200 groups) cannot tell a point or two of IIoU apart.
/// </summary>
public sealed record InteractiveComparison(int Groups, int OnlyFirst, int OnlySecond, double PValue)
{
    public static InteractiveComparison Of(IReadOnlyList<SampleResult> first, IReadOnlyList<SampleResult> second)
    {
        var a = GroupSuccess(first);
        var b = GroupSuccess(second);
        if (a.Count != b.Count || a.Keys.Any(k => !b.ContainsKey(k)))
        {
            throw new ArgumentException("the two result lists do not hold the same groups");
        }
        var onlyFirst = a.Count(kv => kv.Value && !b[kv.Key]);
        var onlySecond = a.Count(kv => !kv.Value && b[kv.Key]);
        return new InteractiveComparison(a.Count, onlyFirst, onlySecond, McNemarExact(onlyFirst, onlySecond));
    }

    /// <summary>Two-sided exact McNemar p-value: twice the smaller binomial(n, 1/2) tail of the discordant counts.</summary>
    public static double McNemarExact(int onlyFirst, int onlySecond)
    {
        var n = onlyFirst + onlySecond;
        if (n == 0)
        {
            return 1;
        }
        var k = Math.Min(onlyFirst, onlySecond);
        var pmf = Math.Pow(0.5, n);
        var tail = 0.0;
        for (var i = 0; i <= k; i++)
        {
            tail += pmf;
            pmf *= (double)(n - i) / (i + 1);
        }
        return Math.Min(1, 2 * tail);
    }

    private static Dictionary<string, bool> GroupSuccess(IReadOnlyList<SampleResult> results)
    {
        var success = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            var hit = r.Score.Iou >= 0.5;
            success[r.Group] = success.TryGetValue(r.Group, out var so) ? so && hit : hit;
        }
        return success;
    }
}
