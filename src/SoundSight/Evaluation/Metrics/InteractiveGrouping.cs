using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// Groups of entries that show the same picture with different sounds (interactive IoU). The key is validate_lvs's
/// short name: '_'.join(basename.replace('.jpg', '').split('_')[:-1]), e.g. guitar_dog_1000_guitar.jpg and
/// guitar_dog_1000_dog.jpg both give guitar_dog_1000. A name without '_' gives the empty key, as officially.
/// </summary>
public static class InteractiveGrouping
{
    /// <summary>The group of an official name (<see cref="BenchmarkEntry.GroupKeyOf"/>).</summary>
    public static string GroupKey(string name) => BenchmarkEntry.GroupKeyOf(name);

    /// <summary>
    /// Success curve over groups: a group succeeds at t only if every member's IoU &gt;= t. Groups are taken in order
    /// of first appearance. With <see cref="DegenerateIouRule.Official"/> a NaN member makes the group NaN and every
    /// share NaN, as np.min and np.mean do.
    /// </summary>
    public static SuccessCurve Curve(IReadOnlyList<string> keys, IReadOnlyList<double> ious, DegenerateIouRule rule)
    {
        var groups = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (!groups.TryGetValue(keys[i], out var members))
            {
                members = [];
                groups[keys[i]] = members;
                order.Add(keys[i]);
            }
            members.Add(ious[i]);
        }
        var shares = new double[SuccessCurve.Steps];
        for (var s = 0; s < SuccessCurve.Steps; s++)
        {
            var t = SuccessCurve.Thresholds[s];
            var succeeded = 0;
            var poisoned = false;
            foreach (var key in order)
            {
                var all = true;
                foreach (var iou in groups[key])
                {
                    if (double.IsNaN(iou) && rule == DegenerateIouRule.Official)
                    {
                        poisoned = true;
                    }
                    if (!(iou >= t))
                    {
                        all = false;
                    }
                }
                if (all)
                {
                    succeeded++;
                }
            }
            shares[s] = poisoned || order.Count == 0 ? double.NaN : succeeded / (double)order.Count;
        }
        return new SuccessCurve(shares);
    }
}
