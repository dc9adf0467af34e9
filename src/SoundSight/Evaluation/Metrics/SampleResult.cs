using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// One entry's result: the unit that shards write and a merge reads back. <see cref="Index"/> is the entry's
/// position in the annotation file, so merged results are put back in the order a single run scores them.
/// </summary>
public sealed record SampleResult
{
    public required int Index { get; init; }

    /// <summary>The entry's name (its prediction file stem).</summary>
    public required string Name { get; init; }

    /// <summary>The interactive group (<see cref="InteractiveGrouping.GroupKey"/> of the official name).</summary>
    public required string Group { get; init; }

    /// <summary>Class label where the benchmark has one (VGG-SS, AVSBench S4), else empty.</summary>
    public string Class { get; init; } = "";

    public required SampleScore Score { get; init; }

    /// <summary>Scores of the object-guided (OGL) map, when fusion is on.</summary>
    public SampleScore? Ogl { get; init; }

    /// <summary>Segmentation values (mask IoU, F curve) for benchmarks whose ground truth is a mask, else null.</summary>
    public SegmentationScore? Segmentation { get; init; }
}
