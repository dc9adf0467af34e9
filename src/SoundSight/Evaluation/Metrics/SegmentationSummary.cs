using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>A mask benchmark's segmentation numbers over all samples (<see cref="SegmentationScore.Summarise"/>).</summary>
public sealed record SegmentationSummary(double MeanIou, double FMeasure)
{
    public static SegmentationSummary Of(IReadOnlyList<SegmentationScore> scores)
    {
        var (meanIou, fMeasure) = SegmentationScore.Summarise(scores);
        return new SegmentationSummary(meanIou, fMeasure);
    }
}
