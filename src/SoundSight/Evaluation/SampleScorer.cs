namespace SoundSight.Evaluation;

/// <summary>
/// Scores one map as Evaluator_iiou.cal_CIOU / cal_CIOU_adap after validate_lvs picked the thresholds:
/// prediction = pred &gt; threshold (strict), IoU = sum(pred * gt) / (sum(gt) + sum(pred * (gt == 0))).
/// Thresholds are selected in O(N) (<see cref="ThresholdSelection"/>). Not thread-safe (it owns a scratch buffer):
/// use one per thread.
/// </summary>
public sealed class SampleScorer
{
    private double[] _scratch = [];

    public SampleScore Score(ReadOnlySpan<double> pred, GroundTruthMap gt)
    {
        var n = pred.Length;
        if (n != gt.Values.Length)
        {
            throw new ArgumentException($"map has {n} values, ground truth {gt.Values.Length}");
        }
        if (_scratch.Length < n)
        {
            _scratch = new double[n];
        }
        // int(N / 2) of the official code, and N - k with k = N // 2 when the ground truth is empty.
        var median = ThresholdSelection.KthSmallest(pred, n / 2, _scratch);
        var k = gt.NonZero == 0 ? n / 2 : gt.NonZero;
        var adaptive = n - k == n / 2 ? median : ThresholdSelection.KthSmallest(pred, n - k, _scratch);
        return new SampleScore(Iou(pred, gt, median), Iou(pred, gt, adaptive), median, adaptive, gt.NonZero);
    }

    /// <summary>IoU of (pred &gt; threshold) with the ground truth; sums are exact (0, 0.5 and 1 values).</summary>
    public static double Iou(ReadOnlySpan<double> pred, GroundTruthMap gt, double threshold)
    {
        var g = gt.Values;
        double intersection = 0;
        double outside = 0;
        for (var i = 0; i < pred.Length; i++)
        {
            if (pred[i] > threshold)
            {
                if (g[i] != 0)
                {
                    intersection += g[i];
                }
                else
                {
                    outside += 1;
                }
            }
        }
        return intersection / (gt.Sum + outside);
    }
}
