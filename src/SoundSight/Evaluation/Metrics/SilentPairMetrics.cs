using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>One sample of an extended set (sounding and non-sounding pairs), as EvaluatorFull.update records it.</summary>
/// <param name="Boxes">Number of ground-truth boxes; 0 for a non-sounding pair.</param>
/// <param name="Ciou">IoU of (normalised map &gt;= its median) with the ground truth (0 for a non-sounding pair).</param>
/// <param name="Confidence">Mean of the top quarter of the raw similarity map scaled by [-1/tau, 1/tau].</param>
public readonly record struct SilentPairScore(int Boxes, double Ciou, double Confidence);

/// <summary>The metrics of one subset ("all" or "visible") of an extended set at a cIoU threshold of 0.5.</summary>
public sealed record SilentPairSubset(double Precision, double Ap, double MaxF1, IReadOnlyList<double> F1, double Auc);

/// <summary>
/// AP, max-F1 and precision of the extended sets with non-sounding pairs (flickr_test_plus_silent.csv,
/// vggss_test_plus_silent.csv), as SLAVC's EvaluatorFull in the authors' utils.py computes them, fed the way their
/// test.py (commented-out block) feeds it: confidence = mean of the top n//4 values of the raw 224 x 224 similarity
/// map min-max scaled with the fixed bounds -1/0.03 and 1/0.03; prediction = normalised map &gt;= its median
/// (sorted[n/2]; note &gt;=, not Evaluator_iiou's &gt;); AP over confidence thresholds sorted(conf)[:-1][::-max(1, n//200)]
/// with the running-max precision; F1 at sorted(conf)[::max(1, n//10)], reported as its maximum; precision at
/// confidence -1000 (everything detected).
/// </summary>
public static class SilentPairMetrics
{
    /// <summary>The temperature whose reciprocal bounds the raw similarity (cosine / 0.03).</summary>
    public const double Tau = 0.03;

    public const double CiouThreshold = 0.5;

    /// <summary>The official confidence of a raw map, in float32 as numpy computes the scaled values.</summary>
    public static double Confidence(ReadOnlySpan<float> raw)
    {
        var lo = (float)(-1.0 / Tau);
        var range = (float)((1.0 / Tau) - (-1.0 / Tau));
        var scaled = new float[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            scaled[i] = (raw[i] - lo) / range;
        }
        Array.Sort(scaled);
        // Python's np.sort(x)[-n//4:] keeps the top ceil(n / 4) values ((-n)//4 floors).
        var top = (raw.Length + 3) / 4;
        double sum = 0;
        for (var i = scaled.Length - top; i < scaled.Length; i++)
        {
            sum += scaled[i];
        }
        return sum / top;
    }

    /// <summary>EvaluatorFull.update: cIoU of (map &gt;= median) with the ground truth, and the confidence.</summary>
    public static SilentPairScore Score(ReadOnlySpan<float> raw, GroundTruthMap gt, int boxes)
    {
        var pred = PredictionMap.FromFloat32(raw).Values;
        var threshold = ThresholdSelection.KthSmallest(pred, pred.Length / 2, new double[pred.Length]);
        double inter = 0, outside = 0;
        var g = gt.Values;
        for (var i = 0; i < pred.Length; i++)
        {
            if (pred[i] >= threshold)
            {
                if (g[i] != 0)
                {
                    inter += g[i];
                }
                else
                {
                    outside += 1;
                }
            }
        }
        return new SilentPairScore(boxes, inter / (gt.Sum + outside), Confidence(raw));
    }

    /// <summary>The "all" and "visible" (at least one box) subsets, as finalize_stats reports them.</summary>
    public static (SilentPairSubset All, SilentPairSubset? Visible) Compute(IReadOnlyList<SilentPairScore> samples)
    {
        var visible = samples.Where(s => s.Boxes > 0).ToList();
        return (Subset(samples), visible.Count == 0 ? null : Subset(visible));
    }

    public static SilentPairSubset Subset(IReadOnlyList<SilentPairScore> s)
    {
        var (precision, _) = PrecisionRecall(s, -1000);
        var sorted = s.Select(x => x.Confidence).Order().ToArray();
        var step = Math.Max(1, s.Count / 10);
        var f1 = new List<double>();
        for (var i = 0; i < sorted.Length; i += step)
        {
            var (p, r) = PrecisionRecall(s, sorted[i]);
            f1.Add(r + p > 0 ? 2 * r * p / (r + p) : 0);
        }
        return new SilentPairSubset(precision, Ap(s, sorted), f1.Max(), f1, Auc(s));
    }

    /// <summary>calc_precision_recall: a detection is confidence &gt;= threshold; correct when cIoU &gt;= 0.5.</summary>
    public static (double Precision, double Recall) PrecisionRecall(IReadOnlyList<SilentPairScore> s, double confidenceThreshold)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var x in s)
        {
            var detected = x.Confidence >= confidenceThreshold;
            if (x.Boxes == 0)
            {
                fp += detected ? 1 : 0;
            }
            else if (detected)
            {
                if (x.Ciou >= CiouThreshold)
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }
            else
            {
                fn++;
            }
        }
        return (tp + fp == 0 ? 1.0 : (double)tp / (tp + fp), tp + fn == 0 ? 1.0 : (double)tp / (tp + fn));
    }

    /// <summary>calc_ap: thresholds from the highest but one confidence downwards, every max(1, n//200)-th.</summary>
    private static double Ap(IReadOnlyList<SilentPairScore> s, double[] sorted)
    {
        var step = Math.Max(1, s.Count / 200);
        var precision = new List<double>();
        var recall = new List<double>();
        for (var i = sorted.Length - 2; i >= 0; i -= step)
        {
            var (p, r) = PrecisionRecall(s, sorted[i]);
            precision.Add(p);
            recall.Add(r);
        }
        var runningMax = new double[precision.Count];
        for (var i = precision.Count - 1; i >= 0; i--)
        {
            runningMax[i] = i == precision.Count - 1 ? precision[i] : Math.Max(precision[i], runningMax[i + 1]);
        }
        double ap = 0;
        for (var i = 0; i < runningMax.Length - 1; i++)
        {
            ap += runningMax[i] * (recall[i + 1] - recall[i]);
        }
        return ap;
    }

    /// <summary>cal_auc over the samples with boxes: success rate at cIoU thresholds 0.05 i, trapezoids.</summary>
    private static double Auc(IReadOnlyList<SilentPairScore> s)
    {
        var ciou = s.Where(x => x.Boxes > 0).Select(x => x.Ciou).ToArray();
        if (ciou.Length == 0)
        {
            return double.NaN;
        }
        var rates = Enumerable.Range(0, 21).Select(i => (double)ciou.Count(c => c >= 0.05 * i) / ciou.Length).ToArray();
        double auc = 0;
        for (var i = 0; i < 20; i++)
        {
            auc += ((0.05 * (i + 1)) - (0.05 * i)) * (rates[i] + rates[i + 1]) / 2.0;
        }
        return auc;
    }
}
