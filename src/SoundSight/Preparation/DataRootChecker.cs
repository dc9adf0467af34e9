using System.Globalization;
using SkiaSharp;
using SoundSight.Audio;
using SoundSight.Data;
using SoundSight.IO;

namespace SoundSight.Preparation;

/// <summary>What <see cref="DataRootChecker"/> found.</summary>
public sealed record CheckReport
{
    public required OutputLayout Layout { get; init; }

    /// <summary>Clips whose frame and sound are both present and readable.</summary>
    public required int Complete { get; init; }

    /// <summary>Clips present but unusable, with the problem ("id: problem").</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Ids the benchmark names that the root lacks entirely.</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    public required int Expected { get; init; }

    public bool Ok => Problems.Count == 0 && Missing.Count == 0 && Complete > 0;
}

/// <summary>
/// Validates a data root against a layout (and a benchmark list) without writing anything: each expected clip
/// must have a decodable frame and a WAV of at least the clip length (shorter sound is tiled by the official
/// loader, which silently changes what the model hears, so it is reported). For the Flickr layout each frame
/// folder must hold exactly one .jpg, because the official loader takes whichever .jpg it lists first.
/// </summary>
public sealed class DataRootChecker
{
    private readonly PrepareSettings _settings;

    public DataRootChecker(PrepareSettings? settings = null)
    {
        _settings = settings ?? new PrepareSettings();
    }

    /// <summary>The layout of a root, from its folders; a one-line error says what the root looks like otherwise.</summary>
    public static OutputLayout DetectLayout(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new InputException(root, "no such data root");
        }
        if (VggSoundLayout.Looks(root))
        {
            return OutputLayout.VggSound;
        }
        if (FlickrLayout.Looks(root))
        {
            return OutputLayout.Flickr;
        }
        if (File.Exists(Path.Combine(root, DatasetPreparer.ManifestFileName)))
        {
            return OutputLayout.Manifest;
        }
        if (FlickrLayout.LooksLikeAnnotatedDownload(root))
        {
            throw new InputException(root, $"this is the Flickr-SoundNet annotated download (Annotations/, Data/0..9), which the official loader cannot read (SSLalignment issue #4): run `soundsight prepare --videos {Path.Combine(root, "Data")} --layout flickr --out NEW_ROOT`");
        }
        throw new InputException(root, $"not a data root: needs {VggSoundLayout.ImageFolder}/ + {VggSoundLayout.AudioFolder}/, {FlickrLayout.ImageFolder}/ + {FlickrLayout.AudioFolder}/, or {DatasetPreparer.ManifestFileName}");
    }

    public CheckReport Check(string root, OutputLayout? layout = null, IReadOnlyList<string>? benchmark = null)
    {
        var kind = layout ?? DetectLayout(root);
        var ids = benchmark ?? IdsIn(root, kind);
        var problems = new List<string>();
        var missing = new List<string>();
        var complete = 0;
        foreach (var id in ids)
        {
            var (image, audio) = OutputLayouts.PathsOf(kind, root, id);
            if (kind == OutputLayout.Flickr)
            {
                image = FlickrFrame(root, id, problems) ?? image;
            }
            var hasImage = File.Exists(image);
            var hasAudio = File.Exists(audio);
            if (!hasImage && !hasAudio)
            {
                missing.Add(id);
                continue;
            }
            var problem = !hasImage ? $"frame missing ({Path.GetRelativePath(root, image)})"
                : !hasAudio ? $"sound missing ({Path.GetRelativePath(root, audio)})"
                : ImageProblem(image) ?? AudioProblem(audio);
            if (problem is null)
            {
                complete++;
            }
            else
            {
                problems.Add($"{id}: {problem}");
            }
        }
        return new CheckReport { Layout = kind, Complete = complete, Problems = problems, Missing = missing, Expected = ids.Count };
    }

    private static IReadOnlyList<string> IdsIn(string root, OutputLayout layout)
    {
        IEnumerable<string> ids = layout switch
        {
            OutputLayout.VggSound => Directory.GetDirectories(Path.Combine(root, VggSoundLayout.ImageFolder)).Select(d => Path.GetFileName(d))
                .Concat(Directory.GetFiles(Path.Combine(root, VggSoundLayout.AudioFolder), "*.wav").Select(f => Path.GetFileNameWithoutExtension(f))),
            OutputLayout.Flickr => Directory.GetDirectories(Path.Combine(root, FlickrLayout.ImageFolder)).Select(d => Path.GetFileNameWithoutExtension(d))
                .Concat(Directory.GetFiles(Path.Combine(root, FlickrLayout.AudioFolder), "*.wav").Select(f => Path.GetFileNameWithoutExtension(f))),
            _ => TrainingSet.Load(Path.Combine(root, DatasetPreparer.ManifestFileName)).Select(i => i.Id),
        };
        return ids.Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToList();
    }

    /// <summary>The .jpg the official loader would open, or null; more than one is a problem (which one is arbitrary).</summary>
    private static string? FlickrFrame(string root, string id, List<string> problems)
    {
        var folder = FlickrLayout.FrameFolder(root, id);
        if (!Directory.Exists(folder))
        {
            return null;
        }
        var jpgs = Directory.GetFiles(folder, "*.jpg");
        if (jpgs.Length > 1)
        {
            problems.Add($"{id}: {jpgs.Length} .jpg files in {Path.GetRelativePath(root, folder)} (the official loader takes whichever it lists first)");
        }
        return jpgs.Length == 0 ? null : jpgs.Min(StringComparer.Ordinal);
    }

    private static string? ImageProblem(string path)
    {
        using var stream = File.OpenRead(path);
        using var codec = SKCodec.Create(stream);
        return codec is null || codec.Info.Width == 0 ? "frame is not a readable picture" : null;
    }

    private string? AudioProblem(string path)
    {
        AudioClip clip;
        try
        {
            clip = WavReader.Read(path);
        }
        catch (InputException e)
        {
            return $"sound unreadable ({e.Problem})";
        }
        var c = CultureInfo.InvariantCulture;
        if (clip.SampleRate != _settings.SampleRate)
        {
            return string.Create(c, $"sound at {clip.SampleRate} Hz, expected {_settings.SampleRate} Hz");
        }
        return clip.DurationSeconds < _settings.ClipSeconds - _settings.ShortfallToleranceSeconds
            ? string.Create(c, $"sound lasts {clip.DurationSeconds:0.00} s, shorter than the {_settings.ClipSeconds:0.##}-s clip (the official loader would tile it)")
            : null;
    }
}
