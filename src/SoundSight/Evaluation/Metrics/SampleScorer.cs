using SoundSight.Maps;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// Scores one map as Evaluator_iiou.cal_CIOU / cal_CIOU_adap after validate_lvs picked the thresholds:
/// prediction = pred &gt; threshold (strict), IoU = sum(pred * gt) / (sum(gt) + sum(pred * (gt == 0))).
/// Thresholds are selected in O(N) (<see cref="ThresholdSelection"/>). Not thread-safe (it owns a scratch buffer):
/// use one per thread.
/// </summary>
public sealed class SampleScorer
{
    private double[] _scratch = [];
    private float[] _singleScratch = [];

    /// <summary>Scores a map: a float32 map with a one-box ground truth in float32 (same thresholds and counts as
    /// its values widened, half the memory traffic), anything else through its double values.</summary>
    public SampleScore Score(PredictionMap map, GroundTruthMap gt)
    {
        if (map.Singles is not { } pred || gt.Box is not { } box)
        {
            return Score(map.Values, gt);
        }
        var n = pred.Length;
        if (n != gt.Size * gt.Size)
        {
            throw new ArgumentException($"map has {n} values, ground truth {gt.Size * gt.Size}");
        }
        if (_singleScratch.Length < n)
        {
            _singleScratch = new float[n];
        }
        var (median, adaptive, aboveMedian, aboveAdaptive) = ThresholdSelection.KthSmallestPairAndCounts(pred, n / 2, AdaptiveRank(n, gt), _singleScratch, map.SingleExtremes);
        double BoxIou(double threshold, int above)
        {
            var inside = MapMath.CountAboveInBox(pred, gt.Size, box, (float)threshold);
            return inside * gt.BoxValue / (gt.Sum + (above - inside));
        }
        return new SampleScore(BoxIou(median, aboveMedian), BoxIou(adaptive, aboveAdaptive), median, adaptive, gt.NonZero);
    }

    public SampleScore Score(ReadOnlySpan<double> pred, GroundTruthMap gt)
    {
        var n = pred.Length;
        if (n != gt.Size * gt.Size)
        {
            throw new ArgumentException($"map has {n} values, ground truth {gt.Size * gt.Size}");
        }
        if (_scratch.Length < n)
        {
            _scratch = new double[n];
        }
        // int(N / 2) of the official code, and N - k with k = N // 2 when the ground truth is empty.
        var (median, adaptive, aboveMedian, aboveAdaptive) = ThresholdSelection.KthSmallestPairAndCounts(pred, n / 2, AdaptiveRank(n, gt), _scratch);
        return new SampleScore(Iou(pred, gt, median, aboveMedian), Iou(pred, gt, adaptive, aboveAdaptive), median, adaptive, gt.NonZero);
    }

    /// <summary><see cref="Iou(ReadOnlySpan{double}, GroundTruthMap, double)"/> knowing how many pixels lie above the threshold.</summary>
    private static double Iou(ReadOnlySpan<double> pred, GroundTruthMap gt, double threshold, int above)
    {
        if (gt.Box is not { } box)
        {
            return Iou(pred, gt, threshold);
        }
        // A one-box ground truth: only the box is scanned, the pixels above the threshold outside it are the rest.
        var inside = MapMath.CountAboveInBox(pred, gt.Size, box, threshold);
        return inside * gt.BoxValue / (gt.Sum + (above - inside));
    }

    /// <summary>The adaptive threshold's index in the sorted map: N - k, k = non-zero ground-truth pixels (N // 2 when none).</summary>
    public static int AdaptiveRank(int n, GroundTruthMap gt) => n - (gt.NonZero == 0 ? n / 2 : gt.NonZero);

    /// <summary>IoU of (pred &gt; threshold) with the ground truth; sums are exact (0, 0.5 and 1 values).</summary>
    public static double Iou(ReadOnlySpan<double> pred, GroundTruthMap gt, double threshold)
    {
        var (intersection, outside) = gt.Box is { } box
            ? MapMath.BoxOverlap(pred, gt.Size, box, gt.BoxValue, threshold)
            : MapMath.Overlap(pred, gt.Values, threshold);
        return intersection / (gt.Sum + outside);
    }
}
