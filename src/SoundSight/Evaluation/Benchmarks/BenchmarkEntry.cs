using SoundSight.Maps;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// One scored sample of a benchmark, whatever its format: which picture and sound (file names, found under a data
/// root by name), its ground truth (boxes or a mask), its interactive group and class. Metrics never see anything
/// else.
/// </summary>
public sealed record BenchmarkEntry
{
    /// <summary>Position in the annotation file.</summary>
    public required int Index { get; init; }

    /// <summary>Prediction file stem: the image stem (IS3, AVSBench, VPO), `file` (VGG-SS), the id (Flickr).</summary>
    public required string Name { get; init; }

    /// <summary>The name validate_lvs sees (its short name is the interactive group).</summary>
    public required string OfficialName { get; init; }

    /// <summary>Picture path relative to a data root (the layouts of <see cref="DataRoot"/>).</summary>
    public required IReadOnlyList<string> ImageCandidates { get; init; }

    /// <summary>Sound path relative to a data root.</summary>
    public required IReadOnlyList<string> AudioCandidates { get; init; }

    /// <summary>Boxes on the 224 grid (empty for a mask benchmark or a non-sounding pair).</summary>
    public IReadOnlyList<PixelBox> Boxes { get; init; } = [];

    /// <summary>Segmentation mask, relative to a data root, for the *_seg.json benchmarks.</summary>
    public IReadOnlyList<string>? MaskCandidates { get; init; }

    public string Class { get; init; } = "";

    public string Group => GroupKeyOf(OfficialName);

    /// <summary>
    /// The interactive group of an official name: the file name without ".jpg" up to its last underscore (the
    /// pictures of one scene share it); "" without an underscore.
    /// </summary>
    public static string GroupKeyOf(string name)
    {
        var slash = name.LastIndexOfAny(['/', '\\']);
        var basename = slash >= 0 ? name[(slash + 1)..] : name;
        var stripped = basename.Replace(".jpg", "", StringComparison.Ordinal);
        var last = stripped.LastIndexOf('_');
        return last < 0 ? "" : stripped[..last];
    }
}
