using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// The per-sample values a segmentation benchmark (a *_seg.json mask ground truth) needs for its metrics, so that
/// shards can be merged and the benchmark's numbers computed once (<see cref="SegmentationMetrics"/>).
/// </summary>
/// <param name="Iou">mask_iou of the sample (float32, as the official evaluator).</param>
/// <param name="FCurve">The sample's F at the 255 thresholds, or null when its mask is empty (left out of the F-measure).</param>
public sealed record SegmentationScore(float Iou, float[]? FCurve)
{
    /// <summary>Scores a normalised map against a bilevel mask (values 0/1) as the official evaluator does.</summary>
    public static SegmentationScore Compute(PredictionMap map, GroundTruthMap mask)
    {
        var pred = SegmentationMetrics.AsFloat32(map);
        var threshold = ThresholdSelection.KthSmallest(pred, pred.Length / 2, new double[pred.Length]);
        return new SegmentationScore(SegmentationMetrics.Iou(pred, mask.Values, threshold), SegmentationMetrics.FCurve(pred, mask.Values, SegmentationThresholds.Values));
    }

    /// <summary>The benchmark's mIoU (mean of the per-sample IoU) and F-measure (max over thresholds of the mean curve).</summary>
    public static (double MeanIou, double FMeasure) Summarise(IReadOnlyList<SegmentationScore> scores)
    {
        var mean = scores.Count == 0 ? double.NaN : scores.Average(s => (double)s.Iou);
        var curves = scores.Where(s => s.FCurve is not null).Select(s => s.FCurve!).ToList();
        return (mean, SegmentationMetrics.FMeasure(curves));
    }
}
