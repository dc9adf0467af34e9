using SoundSight.Audio;
using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Protocol;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// The frozen evaluation settings of every benchmark, in one place beside <see cref="OfficialProtocol"/>: the
/// upsampling validate_lvs applies, the audio window datasets_lvs cuts, how boxes become the ground truth, and
/// which benchmarks report interactive numbers. Thresholds are the same everywhere: median (sorted(pred)[N/2]) and
/// adaptive (sorted(pred)[N - k]), prediction = pred &gt; threshold.
/// </summary>
public static class BenchmarkPresets
{
    /// <summary>Side of the evaluation map.</summary>
    public const int MapSize = OfficialProtocol.ImageSize;

    /// <summary>Flickr-SoundNet boxes are in 256-px coordinates, scaled int(224 * v / 256).</summary>
    public const int FlickrAnnotationSize = 256;

    public static IReadOnlyList<BenchmarkPreset> All { get; } =
    [
        Make(BenchmarkKind.Is3, "is3", "IS3 (interactive synthetic)", UpsampleMode.AlignCorners, AudioWindow.Official, GroundTruthRule.Union, true),
        Make(BenchmarkKind.VggSs, "vggss", "VGG-SS", UpsampleMode.HalfPixel, AudioWindow.Official, GroundTruthRule.Union, false),
        Make(BenchmarkKind.Flickr, "flickr", "Flickr-SoundNet test", UpsampleMode.AlignCorners, AudioWindow.Official, GroundTruthRule.AnnotatorConsensus, false),
        Make(BenchmarkKind.S4, "s4", "AVSBench S4", UpsampleMode.AlignCorners, AudioWindow.AvsBench, GroundTruthRule.Union, false),
        Make(BenchmarkKind.Ms3, "ms3", "AVSBench MS3", UpsampleMode.AlignCorners, AudioWindow.AvsBench, GroundTruthRule.Union, false),
        Make(BenchmarkKind.VpoSs, "vposs", "VPO single source", UpsampleMode.AlignCorners, AudioWindow.Official, GroundTruthRule.Union, false),
        Make(BenchmarkKind.VpoMs, "vpoms", "VPO multi source", UpsampleMode.AlignCorners, AudioWindow.Official, GroundTruthRule.Union, true),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(p => p.Name).ToArray();

    public static BenchmarkPreset Get(BenchmarkKind kind) => All.First(p => p.Kind == kind);

    public static BenchmarkPreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InputException(Setting.Mention(Setting.Benchmark), $"unknown benchmark '{name}' (one of {string.Join(", ", Names)})");

    private static BenchmarkPreset Make(BenchmarkKind kind, string name, string title, UpsampleMode upsample, AudioWindow window, GroundTruthRule rule, bool interactive) =>
        new() { Kind = kind, Name = name, Title = title, Upsample = upsample, Window = window, Rule = rule, Interactive = interactive };
}
