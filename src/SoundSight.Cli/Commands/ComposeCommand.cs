using System.CommandLine;
using System.Globalization;
using SoundSight.Cli.Console;
using SoundSight.Data.Compose;
using SoundSight.IO;

namespace SoundSight.Cli.Commands;

/// <summary>`compose`: an audio-visual dataset (train/val like VGGSound, test like IS3) from an asset kit.</summary>
public static class ComposeCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Dataset folder to write (train/, val/, test/, compose.json).", Required = true };
        var kit = new Option<string?>("--kit") { Description = "Asset kit: images/<category>/*.png and sounds/<category>/*.wav (default: the embedded kit)." };
        var train = new Option<int>("--train") { Description = "Training scenes (one sounding object each).", DefaultValueFactory = _ => 2000 };
        var val = new Option<int>("--val") { Description = "Validation scenes (one sounding object each).", DefaultValueFactory = _ => 200 };
        var test = new Option<int>("--test") { Description = "Test scenes (--sources sounding objects each, IS3 layout).", DefaultValueFactory = _ => 300 };
        var valInteractive = new Option<int>("--val-interactive") { Description = "Interactive validation scenes (val-interactive/: made as the test scenes, from the validation clips; for choosing a model without the test set).", DefaultValueFactory = _ => 0 };
        var size = new Option<int>("--image-size") { Description = "Side of the square pictures, pixels.", DefaultValueFactory = _ => 224 };
        var sources = new Option<int>("--sources") { Description = "Sounding objects per test scene (IS3: 2).", DefaultValueFactory = _ => 2 };
        var distractors = new Option<string>("--distractors") { Description = "Silent objects per training/validation scene, MIN:MAX.", DefaultValueFactory = _ => "0:2" };
        var testDistractors = new Option<int>("--test-distractors") { Description = "Silent objects per test scene.", DefaultValueFactory = _ => 0 };
        var objectSize = new Option<string>("--object-size") { Description = "An object's longer side as a share of the picture's side, MIN:MAX (default gives IS3's mean box of about a third of the picture).", DefaultValueFactory = _ => "0.35:0.95" };
        var occlusion = new Option<double>("--max-occlusion") { Description = "Largest share of an object that others may hide.", DefaultValueFactory = _ => 0.25 };
        var flip = new Option<double>("--flip") { Description = "Probability of mirroring an object.", DefaultValueFactory = _ => 0.5 };
        var snr = new Option<double?>("--snr") { Description = "Mix pink background noise into every sound at this SNR (dB); default: clean." };
        var objectScale = new Option<string>("--object-scale") { Description = "What --object-size measures: longer-side (the object's longer side) or box-area (the square root of its box area, so elongated objects get the box a square one would; the out-of-distribution set's).", DefaultValueFactory = _ => ObjectScaleNames.LongerSide };
        var testObjectSize = new Option<string?>("--test-object-size") { Description = "The test scenes' object size, MIN:MAX as --object-size (default: the same as the training scenes)." };
        var backgrounds = new Option<string?>("--backgrounds") { Description = "Folder of photos to use as backgrounds beside the procedural ones." };
        var photoShare = new Option<double>("--photo-share") { Description = "Share of scenes on a photo when --backgrounds is given.", DefaultValueFactory = _ => 0.5 };
        var unseen = new Option<string?>("--unseen") { Description = "Open-set test: categories kept out of train/val (comma-separated names, or a count drawn by seed)." };
        var testClips = new Option<int>("--test-clips") { Description = "Clips per category reserved to the test split (never heard in training or validation).", DefaultValueFactory = _ => 1 };
        var valClips = new Option<int>("--val-clips") { Description = "Clips per category reserved to the validation split.", DefaultValueFactory = _ => 1 };
        var quality = new Option<int>("--jpeg-quality") { DefaultValueFactory = _ => 90 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed and options give identical files.", DefaultValueFactory = _ => 0 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores); the output does not depend on it." };
        var command = new Command("compose", "Compose an audio-visual dataset from an asset kit: train/val scenes with one sounding object, IS3-style test scenes with several.")
        {
            output, kit, train, val, test, valInteractive, size, sources, distractors, testDistractors, objectSize, testObjectSize, objectScale, occlusion, flip, snr, backgrounds, photoShare, unseen, testClips, valClips, quality, seed, overwrite, threads,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var kitPath = parse.GetValue(kit) ?? AssetKit.EmbeddedPath;
            var assets = AssetKit.Load(kitPath);
            var (minD, maxD) = Range(parse.GetValue(distractors)!, "--distractors", int.Parse);
            var (minS, maxS) = Range(parse.GetValue(objectSize)!, "--object-size", s => double.Parse(s, CultureInfo.InvariantCulture));
            (double Min, double Max)? testSide = parse.GetValue(testObjectSize) is { } t ? Range(t, "--test-object-size", s => double.Parse(s, CultureInfo.InvariantCulture)) : null;
            var options = new ComposeOptions
            {
                ImageSize = parse.GetValue(size),
                TrainScenes = parse.GetValue(train),
                ValidationScenes = parse.GetValue(val),
                TestScenes = parse.GetValue(test),
                InteractiveValidationScenes = parse.GetValue(valInteractive),
                TestSources = parse.GetValue(sources),
                MinDistractors = minD,
                MaxDistractors = maxD,
                TestDistractors = parse.GetValue(testDistractors),
                MinObjectSide = minS,
                MaxObjectSide = maxS,
                TestMinObjectSide = testSide?.Min,
                TestMaxObjectSide = testSide?.Max,
                ObjectScale = ObjectScaleNames.Parse(parse.GetValue(objectScale)!)
                    ?? throw new InputException("--object-scale", $"'{parse.GetValue(objectScale)}': use {ObjectScaleNames.LongerSide} or {ObjectScaleNames.BoxArea}"),
                MaxOcclusion = parse.GetValue(occlusion),
                FlipProbability = parse.GetValue(flip),
                SnrDb = parse.GetValue(snr),
                BackgroundFolder = parse.GetValue(backgrounds),
                PhotoBackgroundShare = parse.GetValue(photoShare),
                TestClipsPerCategory = parse.GetValue(testClips),
                ValidationClipsPerCategory = parse.GetValue(valClips),
                JpegQuality = parse.GetValue(quality),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
            };
            if (parse.GetValue(unseen) is { } u)
            {
                options = options with
                {
                    UnseenCategories = int.TryParse(u, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                        ? ClipSplit.DrawUnseen(assets, n, options.Seed)
                        : u.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                };
            }
            var composer = new DatasetComposer(assets, options);
            DatasetComposer.CheckOutput(parse.GetValue(output)!, parse.GetValue(overwrite));
            System.Console.Error.WriteLine($"kit: {assets.Root}: {assets.Categories.Count} categories, {assets.Objects.Values.Sum(o => o.Count)} pictures, {assets.Sounds.Values.Sum(s => s.Count)} sounds");
            if (options.UnseenCategories.Count > 0)
            {
                System.Console.Error.WriteLine($"unseen (test only): {string.Join(", ", options.UnseenCategories)}");
            }
            ComposeSummary summary;
            using (var bar = new ProgressBar("compose", composer.TotalScenes))
            {
                summary = composer.Write(parse.GetValue(output)!, parse.GetValue(overwrite), new SynchronousProgress<int>(n => bar.Advance(n)));
            }
            foreach (var (split, (scenes, entries)) in summary.Splits)
            {
                System.Console.WriteLine($"{DatasetComposer.Folder(split)}: {scenes} scenes, {entries} entries -> {Path.Combine(summary.Output, DatasetComposer.Folder(split))}");
            }
            System.Console.WriteLine($"sounding objects' boxes cover {summary.MeanSoundingBoxShare * 100:0.0}% of the picture on average (IS3: 32.8%)");
            return 0;
        }));
        return command;
    }

    private static (T Min, T Max) Range<T>(string text, string option, Func<string, T> parse)
    {
        var parts = text.Split(':');
        try
        {
            return parts.Length switch
            {
                1 => (parse(parts[0]), parse(parts[0])),
                2 => (parse(parts[0]), parse(parts[1])),
                _ => throw new FormatException(),
            };
        }
        catch (FormatException)
        {
            throw new InputException(option, $"'{text}' is not MIN:MAX");
        }
    }
}
