using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// The metrics of one benchmark run (or merged shards), named: what `evaluate` prints and writes, computed once
/// from the per-sample results. Fractions in [0, 1]; NaN where the official rule leaves a number undefined.
/// </summary>
public sealed record EvaluationMetrics
{
    public required string Benchmark { get; init; }

    public required int Samples { get; init; }

    public required double CIoU { get; init; }

    public required double Auc { get; init; }

    public required double CIoUAdaptive { get; init; }

    public required double AucAdaptive { get; init; }

    public required double MeanIou { get; init; }

    /// <summary>IIoU and IAUC: reported for the interactive benchmarks only (null elsewhere).</summary>
    public InteractiveMetrics? Interactive { get; init; }

    /// <summary>The object-guided (OGL) metrics, when every sample carries an OGL score.</summary>
    public OglMetrics? Ogl { get; init; }

    /// <summary>Mask mIoU and F-measure, when every sample has a mask ground truth.</summary>
    public SegmentationSummary? Segmentation { get; init; }

    /// <summary>Samples whose IoU is 0/0 (empty box, empty prediction).</summary>
    public required int DegenerateSamples { get; init; }

    public required DegenerateIouRule DegenerateRule { get; init; }

    /// <summary>The metrics of <paramref name="results"/> (any order: they are put in entry order first).</summary>
    public static EvaluationMetrics Compute(BenchmarkPreset preset, IReadOnlyList<SampleResult> results, DegenerateIouRule rule)
    {
        var sorted = results.OrderBy(r => r.Index).ToList();
        var metrics = LocalizationMetrics.Compute(sorted, rule);
        return new EvaluationMetrics
        {
            Benchmark = preset.Name,
            Samples = metrics.Samples,
            CIoU = metrics.CIoU,
            Auc = metrics.Auc,
            CIoUAdaptive = metrics.CIoUAdaptive,
            AucAdaptive = metrics.AucAdaptive,
            MeanIou = metrics.MeanIou,
            Interactive = preset.Interactive ? new InteractiveMetrics(metrics.IIoU, metrics.IAuc, metrics.IIoUAdaptive, metrics.IAucAdaptive) : null,
            Ogl = sorted.Count > 0 && sorted.All(r => r.Ogl is not null) ? OglMetrics.Of(LocalizationMetrics.ComputeOgl(sorted, rule)) : null,
            Segmentation = sorted.Count > 0 && sorted.All(r => r.Segmentation is not null) ? SegmentationSummary.Of(sorted.Select(r => r.Segmentation!).ToList()) : null,
            DegenerateSamples = sorted.Count(r => double.IsNaN(r.Score.Iou)),
            DegenerateRule = rule,
        };
    }
}
