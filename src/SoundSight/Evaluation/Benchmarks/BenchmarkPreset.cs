using SoundSight.Audio;
using SoundSight.Maps;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>How the official evaluation treats one benchmark (see <see cref="BenchmarkPresets"/>).</summary>
public sealed record BenchmarkPreset
{
    public required BenchmarkKind Kind { get; init; }

    /// <summary>The --benchmark name (test.py's --testset).</summary>
    public required string Name { get; init; }

    public required string Title { get; init; }

    /// <summary>How a map smaller than the evaluation grid is upsampled (validate_lvs: cv2 for VGG-SS, else align-corners).</summary>
    public required UpsampleMode Upsample { get; init; }

    /// <summary>The audio the model hears (AVSBench: [1, 4) s of a 5-s clip).</summary>
    public required AudioWindow Window { get; init; }

    public required GroundTruthRule Rule { get; init; }

    /// <summary>Whether IIoU/IAUC are reported (several sounds per picture: IS3 and VPO-MS).</summary>
    public required bool Interactive { get; init; }
}
