using SoundSight.Audio;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// Share of samples (or groups) that succeed at each IoU threshold t = 0.05 i, i = 0..20, and the area under that
/// curve as sklearn.metrics.auc computes it (np.trapz: sum over intervals of dx * (y0 + y1) / 2.0, summed in numpy's
/// pairwise order), with thresholds computed as the official code does (0.05 * i, not i / 20).
/// </summary>
public sealed class SuccessCurve
{
    public const int Steps = 21;

    public SuccessCurve(double[] shares)
    {
        if (shares.Length != Steps)
        {
            throw new ArgumentException($"a success curve has {Steps} points, got {shares.Length}");
        }
        Shares = shares;
    }

    /// <summary>The official thresholds 0.05 * i.</summary>
    public static IReadOnlyList<double> Thresholds { get; } = Enumerable.Range(0, Steps).Select(i => 0.05 * i).ToArray();

    /// <summary>Share succeeding at each threshold.</summary>
    public double[] Shares { get; }

    /// <summary>Area under the curve (sklearn.metrics.auc of thresholds and shares).</summary>
    public double Area
    {
        get
        {
            var terms = new double[Steps - 1];
            for (var i = 0; i < terms.Length; i++)
            {
                var dx = Thresholds[i + 1] - Thresholds[i];
                terms[i] = dx * (Shares[i + 1] + Shares[i]) / 2.0;
            }
            return PairwiseSum.Sum(terms);
        }
    }

    /// <summary>Share at t = 0.5 (cIoU).</summary>
    public double AtHalf => Shares[10];

    /// <summary>
    /// Curve of per-sample success: a sample succeeds at t when its IoU &gt;= t. A NaN IoU fails every threshold
    /// (as numpy's comparisons make it in the official code).
    /// </summary>
    public static SuccessCurve OfSamples(IReadOnlyList<double> ious)
    {
        var shares = new double[Steps];
        for (var s = 0; s < Steps; s++)
        {
            var t = Thresholds[s];
            var count = 0;
            foreach (var iou in ious)
            {
                if (iou >= t)
                {
                    count++;
                }
            }
            shares[s] = ious.Count == 0 ? double.NaN : count / (double)ious.Count;
        }
        return new SuccessCurve(shares);
    }
}
