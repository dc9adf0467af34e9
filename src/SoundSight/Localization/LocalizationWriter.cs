using SoundSight.Imaging;
using SoundSight.IO;

namespace SoundSight.Localization;

/// <summary>
/// Writes one pair's results as <c>&lt;image-stem&gt;__&lt;audio-stem&gt;</c>: <c>.raw.npy</c> (native cosine
/// map, float32), <c>.npy</c> (the evaluation map, float32) and <c>.png</c> (heatmap over the picture at its
/// original size, peak marked). Every file is written atomically.
/// </summary>
public sealed class LocalizationWriter
{
    private readonly HeatmapOverlay _overlay = new();
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public LocalizationWriter(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    /// <returns>The base path (without extension) the files were written to.</returns>
    public string Write(RgbImage image, PairLocalization result)
    {
        var stem = UniqueStem($"{Stem(result.ImageSource)}__{Stem(result.AudioSource)}");
        var basePath = Path.Combine(Directory, stem);
        Npy.WriteFloat32(basePath + ".raw.npy", result.RawMap, result.RawHeight, result.RawWidth);
        Npy.WriteFloat32(basePath + ".npy", result.EvaluationMap, result.EvaluationSize, result.EvaluationSize);
        var png = _overlay.RenderPng(image.Pixels, image.Width, image.Height, result.EvaluationMap, result.EvaluationSize, result.EvaluationSize);
        AtomicFile.WriteAllBytes(basePath + ".png", png);
        return basePath;
    }

    /// <summary>File-name stem of a source: "video.mp4@3.5s" keeps its time, directories and extension go.</summary>
    public static string Stem(string source)
    {
        var name = Path.GetFileName(source);
        var at = name.LastIndexOf('@');
        var suffix = at >= 0 ? "_at" + name[(at + 1)..] : "";
        var core = at >= 0 ? name[..at] : name;
        var stem = Path.GetFileNameWithoutExtension(core) + suffix;
        foreach (var c in Path.GetInvalidFileNameChars())
        {
            stem = stem.Replace(c, '_');
        }
        return stem;
    }

    private string UniqueStem(string stem)
    {
        var candidate = stem;
        for (var n = 2; !_used.Add(candidate); n++)
        {
            candidate = $"{stem}-{n}";
        }
        return candidate;
    }
}
