using System.Globalization;
using System.Text;
using System.Text.Json;
using SkiaSharp;
using SoundSight.Audio;
using SoundSight.IO;
using SoundSight.Protocol;
using SoundSight.Runtime;

namespace SoundSight.Data.Compose;

/// <summary>
/// Makes an audio-visual dataset from an asset kit: train/ and val/ with one sounding object per scene and
/// silent distractors (like VGGSound frames), test/ with several sounding objects per scene (like IS3), each split
/// in the IS3 layout (<see cref="Is3Layout"/>) with a training manifest. Every scene draws from its own random
/// stream (seed, split, index), so the output is the same for a seed whatever the number of threads. The set is
/// built in OUT.partial and renamed to OUT at the end, so OUT is either complete or absent.
/// </summary>
public sealed class DatasetComposer
{
    private readonly AssetKit _kit;
    private readonly ComposeOptions _options;
    private readonly ClipSplit _split;
    private readonly IReadOnlyList<string> _photos;

    public DatasetComposer(AssetKit kit, ComposeOptions options)
    {
        options.Validate();
        _kit = kit;
        _options = options;
        _split = new ClipSplit(kit, options);
        _photos = BackgroundPainter.FindPhotos(options.BackgroundFolder);
        var testCategories = _split.Categories(SplitName.Test).Count;
        if (options.TestScenes > 0 && testCategories < options.TestSources)
        {
            throw new InputException(Setting.Mention(Setting.TestSources), $"{options.TestSources} sounding objects per test scene need as many {(options.UnseenCategories.Count > 0 ? "unseen " : "")}categories; there are {testCategories}");
        }
        if ((options.TrainScenes > 0 || options.ValidationScenes > 0) && _split.Categories(SplitName.Train).Count == 0)
        {
            throw new InputException(Setting.Mention(Setting.UnseenCategories), "every category is unseen: nothing is left to train on");
        }
    }

    public int TotalScenes => _options.TrainScenes + _options.ValidationScenes + _options.TestScenes + _options.InteractiveValidationScenes;

    /// <summary>Writes the dataset to <paramref name="output"/>; progress counts scenes.</summary>
    public ComposeSummary Write(string output, bool overwrite, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        CheckOutput(output, overwrite);
        var partial = output + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }
        Directory.CreateDirectory(partial);
        var splits = new Dictionary<SplitName, (int, int)>();
        var boxShares = new List<double>();
        using (var composer = new SceneComposer(_options))
        using (var backgrounds = new BackgroundPainter(_photos, _options.PhotoBackgroundShare))
        {
            foreach (var (split, count) in new[] { (SplitName.Train, _options.TrainScenes), (SplitName.Validation, _options.ValidationScenes), (SplitName.Test, _options.TestScenes), (SplitName.InteractiveValidation, _options.InteractiveValidationScenes) })
            {
                if (count == 0)
                {
                    continue;
                }
                var (entries, shares) = WriteSplit(composer, backgrounds, split, count, Path.Combine(partial, Folder(split)), progress, cancel);
                splits[split] = (count, entries);
                boxShares.AddRange(shares);
            }
        }
        File.WriteAllText(Path.Combine(partial, "compose.json"), Description(splits));
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
        Directory.Move(partial, output);
        return new ComposeSummary(output, splits, boxShares.Count > 0 ? boxShares.Average() : 0);
    }

    /// <summary>Refuses an output that is a file, or a non-empty folder unless it may be replaced.</summary>
    public static void CheckOutput(string output, bool overwrite)
    {
        if (File.Exists(output))
        {
            throw new InputException(output, "is a file, not a folder");
        }
        if (Directory.Exists(output) && !overwrite && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new InputException(output, $"already exists and is not empty (pass {Setting.Mention(Setting.Overwrite)} to replace it)");
        }
    }

    /// <summary>The folder of a split inside the dataset.</summary>
    public static string Folder(SplitName split) => split switch
    {
        SplitName.Train => "train",
        SplitName.Validation => "val",
        SplitName.InteractiveValidation => "val-interactive",
        _ => "test",
    };

    private (int Entries, List<double> BoxShares) WriteSplit(SceneComposer composer, BackgroundPainter backgrounds, SplitName split, int count, string root, IProgress<int>? progress, CancellationToken cancel)
    {
        foreach (var sub in new[] { Is3Layout.Images, Is3Layout.Audio, Is3Layout.Masks, "metadata" })
        {
            Directory.CreateDirectory(Path.Combine(root, sub));
        }
        // Clean training audio is the kit's clip itself: written once per clip rather than once per scene.
        var sharedClips = split == SplitName.Train && _options.SnrDb is null;
        if (sharedClips)
        {
            foreach (var category in _split.Categories(split))
            {
                foreach (var clip in _split.Clips(split, category))
                {
                    File.WriteAllBytes(Path.Combine(root, Is3Layout.Audio, SharedClipName(clip)), WavWriter.Pcm16(clip.Samples, OfficialProtocol.SampleRate));
                }
            }
        }
        var scenes = new Is3Entry[count][];
        var shares = new double[count][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Threads ?? Environment.ProcessorCount, CancellationToken = cancel };
        Parallel.For(0, count, parallel, index =>
        {
            (scenes[index], shares[index]) = WriteScene(composer, backgrounds, split, index, root, sharedClips);
            progress?.Report(1);
        });
        var entries = scenes.SelectMany(s => s).ToList();
        File.WriteAllText(Path.Combine(root, Is3Layout.BoxFile), Is3Layout.BoxJson(entries));
        File.WriteAllText(Path.Combine(root, Is3Layout.SegmentationFile), Is3Layout.SegmentationJson(entries));
        File.WriteAllText(Path.Combine(root, Is3Layout.Manifest), Is3Layout.ManifestCsv(entries));
        return (entries.Count, shares.SelectMany(s => s).ToList());
    }

    private (Is3Entry[] Entries, double[] BoxShares) WriteScene(SceneComposer composer, BackgroundPainter backgrounds, SplitName split, int index, string root, bool sharedClips)
    {
        var rng = new SeededRandom(_options.Seed, (ulong)split, (ulong)index);
        var interactive = split is SplitName.Test or SplitName.InteractiveValidation;
        // Interactive validation scenes are test scenes in all but their clips, which are the validation split's.
        var clipSplit = split == SplitName.InteractiveValidation ? SplitName.Validation : split;
        var sounding = interactive ? TestCategories(clipSplit, rng) : [BalancedCategory(split, index)];
        var candidates = (split == SplitName.Test ? _kit.Categories : _split.Categories(SplitName.Train)).Except(sounding).ToList();
        var distractorCount = interactive
            ? _options.TestDistractors
            : _options.MinDistractors + rng.Next(_options.MaxDistractors - _options.MinDistractors + 1);
        var distractors = rng.Permutation(candidates.Count).Take(Math.Min(distractorCount, candidates.Count)).Select(i => candidates[i]).ToList();
        var objects = sounding.Select(c => (Pick(_kit.Objects[c], rng), true))
            .Concat(distractors.Select(c => (Pick(_kit.Objects[c], rng), false)))
            .ToList();
        var clips = sounding.Select(c => Pick(_split.Clips(clipSplit, c), rng)).ToList();
        var background = backgrounds.Paint(_options.ImageSize, rng);
        var scene = composer.Compose(_options.ImageSize, background, objects, _options.ObjectSide(interactive), rng);
        var jpeg = EncodeJpeg(scene);
        var name = string.Join("_", sounding) + "_" + index.ToString("D5", CultureInfo.InvariantCulture);
        var entries = new Is3Entry[sounding.Count];
        var shares = new double[sounding.Count];
        for (var k = 0; k < sounding.Count; k++)
        {
            var target = sounding[k];
            var entry = $"{name}_{target}";
            var placed = scene.Objects.First(o => o.Sounding && o.Category == target);
            var image = $"{Is3Layout.Images}/{entry}.jpg";
            var mask = $"{Is3Layout.Masks}/{entry}.png";
            File.WriteAllBytes(Path.Combine(root, image), jpeg);
            File.WriteAllBytes(Path.Combine(root, mask), EncodeMask(placed.Mask, scene.Size));
            string audio;
            if (sharedClips)
            {
                audio = $"{Is3Layout.Audio}/{SharedClipName(clips[k])}";
            }
            else
            {
                audio = $"{Is3Layout.Audio}/{entry}.wav";
                var samples = _options.SnrDb is { } snr ? NoiseMixer.Mix(clips[k].Samples, snr, rng) : clips[k].Samples;
                File.WriteAllBytes(Path.Combine(root, audio), WavWriter.Pcm16(samples, OfficialProtocol.SampleRate));
            }
            var (x1, y1, x2, y2) = placed.Box.To224(scene.Size);
            entries[k] = new Is3Entry(image, audio, [x1, y1, x2, y2], mask, target);
            shares[k] = placed.Box.Width * (double)placed.Box.Height / ((double)scene.Size * scene.Size);
        }
        return (entries, shares);
    }

    /// <summary>Training and validation cycle through the categories in a fresh random order every round, so every category gets the same number of scenes.</summary>
    private string BalancedCategory(SplitName split, int index)
    {
        var categories = _split.Categories(split);
        var round = index / categories.Count;
        var order = new SeededRandom(_options.Seed, (ulong)split, 0x524F554E44UL, (ulong)round).Permutation(categories.Count);
        return categories[order[index % categories.Count]];
    }

    private List<string> TestCategories(SplitName split, SeededRandom rng)
    {
        var categories = _split.Categories(split);
        return rng.Permutation(categories.Count).Take(_options.TestSources).Select(i => categories[i]).ToList();
    }

    private static T Pick<T>(IReadOnlyList<T> items, SeededRandom rng) => items[rng.Next(items.Count)];

    private string SharedClipName(KitSound clip)
    {
        var number = _kit.Sounds[clip.Category].ToList().IndexOf(clip);
        return $"{clip.Category}-clip{number:D3}.wav";
    }

    private byte[] EncodeJpeg(ComposedScene scene)
    {
        var size = scene.Size;
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var rgba = new byte[size * size * 4];
        for (var i = 0; i < size * size; i++)
        {
            rgba[4 * i] = scene.Rgb[3 * i];
            rgba[(4 * i) + 1] = scene.Rgb[(3 * i) + 1];
            rgba[(4 * i) + 2] = scene.Rgb[(3 * i) + 2];
            rgba[(4 * i) + 3] = 255;
        }
        using var data = SKData.CreateCopy(rgba);
        using var image = SKImage.FromPixels(info, data, info.RowBytes);
        using var encoded = image.Encode(SKEncodedImageFormat.Jpeg, _options.JpegQuality);
        return encoded.ToArray();
    }

    private static byte[] EncodeMask(bool[] mask, int size)
    {
        var info = new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque);
        var gray = new byte[size * size];
        for (var i = 0; i < gray.Length; i++)
        {
            gray[i] = mask[i] ? (byte)255 : (byte)0;
        }
        using var data = SKData.CreateCopy(gray);
        using var image = SKImage.FromPixels(info, data, info.RowBytes);
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    private string Description(IReadOnlyDictionary<SplitName, (int Scenes, int Entries)> splits)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", 1);
            w.WriteNumber("seed", _options.Seed);
            w.WriteString("kit", _kit.Root);
            w.WriteNumber("image_size", _options.ImageSize);
            w.WriteNumber("test_sources", _options.TestSources);
            w.WriteString("distractors", $"{_options.MinDistractors}:{_options.MaxDistractors}");
            w.WriteNumber("test_distractors", _options.TestDistractors);
            w.WriteString("object_side", string.Create(CultureInfo.InvariantCulture, $"{_options.MinObjectSide}:{_options.MaxObjectSide}"));
            var (testMin, testMax) = _options.ObjectSide(test: true);
            w.WriteString("test_object_side", string.Create(CultureInfo.InvariantCulture, $"{testMin}:{testMax}"));
            w.WriteString("object_scale", ObjectScaleNames.Name(_options.ObjectScale));
            w.WriteNumber("max_occlusion", _options.MaxOcclusion);
            w.WriteNumber("flip_probability", _options.FlipProbability);
            if (_options.SnrDb is { } snr)
            {
                w.WriteNumber("snr_db", snr);
            }
            else
            {
                w.WriteNull("snr_db");
            }
            w.WriteString("backgrounds", _options.BackgroundFolder is null ? "procedural" : Path.GetFullPath(_options.BackgroundFolder));
            w.WriteNumber("jpeg_quality", _options.JpegQuality);
            w.WriteStartObject("splits");
            foreach (var (part, (scenes, entries)) in splits)
            {
                var split = part == SplitName.InteractiveValidation ? SplitName.Validation : part;
                w.WriteStartObject(Folder(part));
                w.WriteNumber("scenes", scenes);
                w.WriteNumber("entries", entries);
                w.WriteStartArray("categories");
                foreach (var c in _split.Categories(split))
                {
                    w.WriteStringValue(c);
                }
                w.WriteEndArray();
                w.WriteStartObject("clips");
                foreach (var c in _split.Categories(split))
                {
                    w.WriteStartArray(c);
                    foreach (var clip in _split.Clips(split, c))
                    {
                        w.WriteStringValue(Path.GetRelativePath(_kit.Root, clip.Path).Replace('\\', '/'));
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
