using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// mIoU and F-measure (beta^2 = 0.3) of the segmentation benchmarks as the authors' earlier evaluator
/// (ACLSSL AVSBench/eval_utils.py Evaluator: mask_iou and Eval_Fmeasure) computes them, per sample (a batch of
/// one, so the result does not depend on batching), in float32 as torch does:
/// <list type="bullet">
/// <item>IoU: pred = map &gt; threshold (the median, sorted(map)[N/2]); inter / (union + 1e-7); an empty mask
/// scores the agreement on the background: sum((1 - gt)(1 - pred)) / (N + 1e-7).</item>
/// <item>F: at 255 thresholds linspace(0, 1 - 1e-10, 255), pred = map &gt;= t, precision = tp / (|pred| + 1e-20),
/// recall = tp / (|gt| + 1e-20), F = 1.3 P R / (0.3 P + R) (NaN as 0); samples with an empty mask are left out;
/// the benchmark's F is the maximum over thresholds of the mean over samples.</item>
/// </list>
/// </summary>
public static class SegmentationMetrics
{
    public const int FThresholds = 255;

    private const float Beta2 = 0.3f;

    /// <summary>The float32 thresholds of torch.linspace(0, 1 - 1e-10, 255) (a copy of the table).</summary>
    public static float[] Thresholds() => (float[])SegmentationThresholds.Values.Clone();

    /// <summary>The normalised map as the float32 tensor the official evaluator receives.</summary>
    public static double[] AsFloat32(PredictionMap map) => map.Values.Select(v => (double)(float)v).ToArray();

    /// <summary>mask_iou of one sample (threshold applied with &gt;, as the official code).</summary>
    public static float Iou(ReadOnlySpan<double> pred, ReadOnlySpan<double> gt, double threshold)
    {
        long inter = 0, union = 0, background = 0, gtCount = 0;
        for (var i = 0; i < pred.Length; i++)
        {
            var p = pred[i] > threshold;
            var g = gt[i] != 0;
            if (g)
            {
                gtCount++;
            }
            if (p && g)
            {
                inter++;
            }
            if (p || g)
            {
                union++;
            }
            if (!p && !g)
            {
                background++;
            }
        }
        return gtCount == 0 ? background / (pred.Length + 1e-7f) : inter / (union + 1e-7f);
    }

    /// <summary>The 255 F values of one sample, or null when its mask is empty (left out, as the official code).</summary>
    public static float[]? FCurve(ReadOnlySpan<double> pred, ReadOnlySpan<double> gt, float[] thresholds)
    {
        var positives = 0L;
        foreach (var g in gt)
        {
            if (g != 0)
            {
                positives++;
            }
        }
        if (positives == 0)
        {
            return null;
        }
        // Count, per threshold, the predicted and true-positive pixels: a pixel with value v is predicted at every
        // threshold t <= v (float32 comparison, as the float32 tensor compares).
        var predicted = new long[thresholds.Length + 1];
        var hits = new long[thresholds.Length + 1];
        for (var i = 0; i < pred.Length; i++)
        {
            var v = (float)pred[i];
            var above = UpperBound(thresholds, v);
            predicted[above]++;
            if (gt[i] != 0)
            {
                hits[above]++;
            }
        }
        var f = new float[thresholds.Length];
        long cumulativePredicted = 0, cumulativeHits = 0;
        for (var k = thresholds.Length - 1; k >= 0; k--)
        {
            cumulativePredicted += predicted[k + 1];
            cumulativeHits += hits[k + 1];
            var precision = cumulativeHits / (cumulativePredicted + 1e-20f);
            var recall = cumulativeHits / (positives + 1e-20f);
            var score = (1 + Beta2) * precision * recall / ((Beta2 * precision) + recall);
            f[k] = float.IsNaN(score) ? 0 : score;
        }
        return f;
    }

    /// <summary>The benchmark's F-measure: max over thresholds of the mean over samples.</summary>
    public static double FMeasure(IReadOnlyList<float[]> curves)
    {
        if (curves.Count == 0)
        {
            return double.NaN;
        }
        var best = double.NegativeInfinity;
        for (var k = 0; k < curves[0].Length; k++)
        {
            double sum = 0;
            foreach (var c in curves)
            {
                sum += c[k];
            }
            best = Math.Max(best, sum / curves.Count);
        }
        return best;
    }

    /// <summary>Number of thresholds t with t &lt;= v (the pixel is predicted at thresholds 0 .. result - 1).</summary>
    private static int UpperBound(float[] thresholds, float v)
    {
        int lo = 0, hi = thresholds.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (thresholds[mid] <= v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
