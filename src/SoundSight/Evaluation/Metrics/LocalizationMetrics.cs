using SoundSight.Audio;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// Every localization number of the official Evaluator_iiou, computed once from per-sample results (so shards
/// merge exactly): cIoU and AUC (plain and adaptive), mIoU, and for interactive benchmarks IIoU and IAUC (plain
/// and adaptive). All are fractions in [0, 1]; the official script prints them times 100.
/// </summary>
public sealed record LocalizationMetrics
{
    public required int Samples { get; init; }

    public required SuccessCurve Curve { get; init; }

    public required SuccessCurve AdaptiveCurve { get; init; }

    public required double MeanIou { get; init; }

    /// <summary>Over interactive groups; computed for every benchmark, reported for IS3 and VPO-MS.</summary>
    public required SuccessCurve InteractiveCurve { get; init; }

    public required SuccessCurve InteractiveAdaptiveCurve { get; init; }

    public required int Groups { get; init; }

    public double CIoU => Curve.AtHalf;

    public double Auc => Curve.Area;

    public double CIoUAdaptive => AdaptiveCurve.AtHalf;

    public double AucAdaptive => AdaptiveCurve.Area;

    public double IIoU => InteractiveCurve.AtHalf;

    public double IAuc => InteractiveCurve.Area;

    public double IIoUAdaptive => InteractiveAdaptiveCurve.AtHalf;

    public double IAucAdaptive => InteractiveAdaptiveCurve.Area;

    /// <summary>Metrics of the plain scores, in entry order.</summary>
    public static LocalizationMetrics Compute(IReadOnlyList<SampleResult> results, DegenerateIouRule rule) =>
        Compute(results.Select(r => r.Group).ToList(), results.Select(r => r.Score).ToList(), rule);

    /// <summary>Metrics of the OGL scores (every result must carry one).</summary>
    public static LocalizationMetrics ComputeOgl(IReadOnlyList<SampleResult> results, DegenerateIouRule rule) =>
        Compute(results.Select(r => r.Group).ToList(), results.Select(r => r.Ogl ?? throw new ArgumentException($"{r.Name} has no OGL score")).ToList(), rule);

    public static LocalizationMetrics Compute(IReadOnlyList<string> groups, IReadOnlyList<SampleScore> scores, DegenerateIouRule rule)
    {
        var ious = scores.Select(s => s.Iou).ToArray();
        var adaptive = scores.Select(s => s.IouAdaptive).ToArray();
        // np.mean: numpy's pairwise sum divided by the count. Under the default rule a 0/0 sample adds 0.
        var forMean = rule == DegenerateIouRule.Official ? ious : ious.Select(v => double.IsNaN(v) ? 0 : v).ToArray();
        return new LocalizationMetrics
        {
            Samples = scores.Count,
            Curve = SuccessCurve.OfSamples(ious),
            AdaptiveCurve = SuccessCurve.OfSamples(adaptive),
            MeanIou = scores.Count == 0 ? double.NaN : PairwiseSum.Sum(forMean) / scores.Count,
            InteractiveCurve = InteractiveGrouping.Curve(groups, ious, rule),
            InteractiveAdaptiveCurve = InteractiveGrouping.Curve(groups, adaptive, rule),
            Groups = groups.Distinct(StringComparer.Ordinal).Count(),
        };
    }
}
