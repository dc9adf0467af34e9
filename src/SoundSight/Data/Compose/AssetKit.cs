using SkiaSharp;
using SoundSight.Audio;
using SoundSight.IO;
using SoundSight.Media;
using SoundSight.Protocol;

namespace SoundSight.Data.Compose;

/// <summary>
/// A folder of object cut-outs and sounds, grouped by category: images/&lt;category&gt;/*.png (RGBA; the alpha is the
/// mask) and sounds/&lt;category&gt;/*.wav (or any format ffmpeg reads). SoundSight's own kit (assets/kit) is one;
/// a user's own cut-outs and recordings in the same layout are another. Category names are lower-case letters
/// and digits, because the IS3 file names it produces (&lt;a&gt;_&lt;b&gt;_&lt;id&gt;_&lt;target&gt;) are split on '_'.
/// </summary>
public sealed class AssetKit
{
    private static readonly string[] ImageExtensions = [".png", ".webp"];
    private static readonly string[] SoundExtensions = [".wav", ".flac", ".ogg", ".mp3", ".m4a"];

    private AssetKit(string root, IReadOnlyList<string> categories, IReadOnlyDictionary<string, IReadOnlyList<KitObject>> objects, IReadOnlyDictionary<string, IReadOnlyList<KitSound>> sounds)
    {
        Root = root;
        Categories = categories;
        Objects = objects;
        Sounds = sounds;
    }

    /// <summary>Where the embedded kit (the repository's assets/kit) lies beside the application.</summary>
    public static string EmbeddedPath => Path.Combine(AppContext.BaseDirectory, "assets", "kit");

    public string Root { get; }

    /// <summary>Category names, sorted (ordinal), each with at least one picture and one sound.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>The pictures of each category, sorted by file name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<KitObject>> Objects { get; }

    /// <summary>The sounds of each category, sorted by file name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<KitSound>> Sounds { get; }

    /// <summary>Reads and checks a kit; any problem is an <see cref="InputException"/> naming the file or folder.</summary>
    public static AssetKit Load(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new InputException(root, "no such asset kit folder");
        }
        var imagesDir = Path.Combine(root, "images");
        var soundsDir = Path.Combine(root, "sounds");
        if (!Directory.Exists(imagesDir) || !Directory.Exists(soundsDir))
        {
            throw new InputException(root, "not an asset kit: needs images/<category>/*.png and sounds/<category>/*.wav");
        }
        var imageCategories = CategoryFolders(imagesDir);
        var soundCategories = CategoryFolders(soundsDir);
        foreach (var c in imageCategories.Except(soundCategories))
        {
            throw new InputException(Path.Combine(imagesDir, c), $"category '{c}' has pictures but no sounds/{c}/ folder");
        }
        foreach (var c in soundCategories.Except(imageCategories))
        {
            throw new InputException(Path.Combine(soundsDir, c), $"category '{c}' has sounds but no images/{c}/ folder");
        }
        var categories = imageCategories.Order(StringComparer.Ordinal).ToList();
        if (categories.Count == 0)
        {
            throw new InputException(root, "asset kit has no categories (images/<category>/ folders)");
        }
        var objects = new Dictionary<string, IReadOnlyList<KitObject>>();
        var sounds = new Dictionary<string, IReadOnlyList<KitSound>>();
        foreach (var c in categories)
        {
            objects[c] = Files(Path.Combine(imagesDir, c), ImageExtensions, "pictures (.png, .webp with alpha)").Select(p => LoadObject(c, p)).ToList();
            sounds[c] = Files(Path.Combine(soundsDir, c), SoundExtensions, "sounds (.wav, .flac, .ogg, .mp3, .m4a)").Select(p => LoadSound(c, p)).ToList();
        }
        return new AssetKit(Path.GetFullPath(root), categories, objects, sounds);
    }

    private static List<string> CategoryFolders(string dir)
    {
        var names = new List<string>();
        foreach (var sub in Directory.GetDirectories(dir))
        {
            var name = Path.GetFileName(sub);
            if (name.StartsWith('.'))
            {
                continue;
            }
            if (name.Length == 0 || !name.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                throw new InputException(sub, "category names must be lower-case letters and digits only (IS3 file names are split on '_'), rename the folder");
            }
            names.Add(name);
        }
        return names;
    }

    private static List<string> Files(string dir, string[] extensions, string what)
    {
        var files = Directory.GetFiles(dir)
            .Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InputException(dir, $"no {what} in this category folder");
        }
        return files;
    }

    private static KitObject LoadObject(string category, string path)
    {
        using var codec = SKCodec.Create(path);
        if (codec is null)
        {
            throw new InputException(path, "not a readable picture (PNG or WebP with alpha)");
        }
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        unsafe
        {
            fixed (byte* p = pixels)
            {
                var result = codec.GetPixels(info, (IntPtr)p);
                if (result != SKCodecResult.Success)
                {
                    throw new InputException(path, $"corrupt or truncated picture ({result})");
                }
            }
        }
        var opaque = 0;
        var visible = 0;
        for (var i = 3; i < pixels.Length; i += 4)
        {
            visible += pixels[i] >= 128 ? 1 : 0;
            opaque += pixels[i] == 255 ? 1 : 0;
        }
        if (visible == 0)
        {
            throw new InputException(path, "picture is (almost) fully transparent: no object to paste");
        }
        if (opaque == info.Width * info.Height && codec.Info.AlphaType == SKAlphaType.Opaque)
        {
            throw new InputException(path, "picture has no alpha channel: a cut-out needs transparency around the object (its mask)");
        }
        return new KitObject(category, path, info.Width, info.Height, pixels);
    }

    private static KitSound LoadSound(string category, string path)
    {
        var clip = AudioLoader.Load(path);
        if (clip.IsSilent)
        {
            throw new InputException(path, "silent clip: a sounding object needs a sound");
        }
        var samples = clip.SampleRate == OfficialProtocol.SampleRate ? clip.Samples : new Resampler(clip.SampleRate, OfficialProtocol.SampleRate).Resample(clip.Samples);
        if (samples.Length < OfficialProtocol.SampleRate / 2)
        {
            throw new InputException(path, $"clip is {clip.DurationSeconds:0.###} s long; at least 0.5 s is needed");
        }
        return new KitSound(category, path, samples.Select(s => (float)s).ToArray());
    }
}
