using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>The scores of one map against its ground truth, at the median and at the adaptive threshold.</summary>
/// <param name="Iou">IoU at threshold = sorted(pred)[N/2]; NaN for 0/0 (see <see cref="DegenerateIouRule"/>).</param>
/// <param name="IouAdaptive">IoU at threshold = sorted(pred)[N - k], k = non-zero ground-truth pixels (N/2 when 0).</param>
/// <param name="GroundTruthPixels">k: non-zero ground-truth pixels.</param>
public readonly record struct SampleScore(double Iou, double IouAdaptive, double Threshold, double AdaptiveThreshold, int GroundTruthPixels);
