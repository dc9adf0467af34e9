using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// What a sample counts as when its IoU is 0/0 (empty ground truth and empty prediction: a constant map on a
/// clip with no box). The official code divides and gets NaN, which fails every threshold in cIoU and AUC but
/// turns mIoU, IIoU and IAUC into NaN for the whole benchmark.
/// </summary>
public enum DegenerateIouRule
{
    /// <summary>
    /// Default: the sample fails at every threshold, exactly as the official cIoU and AUC already count it,
    /// contributes 0 to mIoU, and fails its IIoU group. Every number the official code gives as a finite value is
    /// unchanged.
    /// </summary>
    Failure,

    /// <summary>The official behaviour: NaN propagates into mIoU, IIoU and IAUC.</summary>
    Official,
}
