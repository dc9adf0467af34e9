using SoundSight.IO;

namespace SoundSight.Cli.Console;

/// <summary>
/// The flag that sets each library setting (<see cref="Setting"/>): the library's errors name settings, and the
/// CLI prints them as the flags its users typed. One table for every command, since no two commands give one
/// setting different flags; a test holds that it covers <see cref="Setting.All"/>.
/// </summary>
public static class SettingFlags
{
    public static IReadOnlyDictionary<string, string> Table { get; } = new Dictionary<string, string>
    {
        [Setting.AllowMissing] = "--allow-missing",
        [Setting.Annotations] = "--annotations",
        [Setting.Batch] = "--batch",
        [Setting.Benchmark] = "--benchmark",
        [Setting.Cache] = "--cache",
        [Setting.CentredMaps] = "--centred-maps",
        [Setting.Checkpoint] = "--checkpoint",
        [Setting.DataRoot] = "--data-root",
        [Setting.Device] = "--device",
        [Setting.Distractors] = "--distractors",
        [Setting.FlipAverage] = "--flip-average",
        [Setting.FlipProbability] = "--flip",
        [Setting.Host] = "--host",
        [Setting.ImageSize] = "--image-size",
        [Setting.InteractiveValidationScenes] = "--val-interactive",
        [Setting.JpegQuality] = "--jpeg-quality",
        [Setting.Layout] = "--layout",
        [Setting.MaxAudioSeconds] = "--max-audio-seconds",
        // serve sets no such flag (the page's pixel bound is fixed there): written as the error always read.
        [Setting.MaxImagePixels] = "--max-pixels",
        [Setting.MaxJobs] = "--max-jobs",
        [Setting.MaxOcclusion] = "--max-occlusion",
        // Nor this one (the page's sound count is fixed there).
        [Setting.MaxSounds] = "--max-sounds",
        [Setting.MaxUploadBytes] = "--max-upload-mb",
        [Setting.MaxVideoSeconds] = "--max-video-seconds",
        [Setting.Method] = "--method",
        [Setting.ObjectScale] = "--object-scale",
        [Setting.ObjectSize] = "--object-size",
        [Setting.Ogl] = "--ogl",
        [Setting.OglSaliency] = "--ogl-saliency",
        [Setting.OglTorchvision] = "--ogl-torchvision",
        [Setting.Out] = "--out",
        [Setting.Overwrite] = "--overwrite",
        [Setting.PhotoBackgroundShare] = "--photo-share",
        [Setting.Port] = "--port",
        [Setting.Predictions] = "--predictions",
        [Setting.RecipeOverrides] = "--set",
        [Setting.Report] = "--report",
        [Setting.Shard] = "--shard",
        [Setting.SilentPairs] = "--silent-pairs",
        [Setting.SkipBad] = "--skip-bad",
        [Setting.SnrDb] = "--snr",
        [Setting.StepSeconds] = "--step",
        [Setting.Subset] = "--subset",
        [Setting.TestClipsPerCategory] = "--test-clips",
        [Setting.TestDistractors] = "--test-distractors",
        [Setting.TestScenes] = "--test",
        [Setting.TestSources] = "--sources",
        [Setting.Threads] = "--threads",
        [Setting.TrainScenes] = "--train",
        [Setting.UnseenCategories] = "--unseen",
        [Setting.ValidationClipsPerCategory] = "--val-clips",
        [Setting.ValidationScenes] = "--val",
        [Setting.WindowSeconds] = "--window",
        [Setting.Workers] = "--workers",
    };

    /// <summary>The flag for <paramref name="setting"/>; its own name if the table lacks it (the test says so first).</summary>
    public static string Flag(string setting) => Table.TryGetValue(setting, out var flag) ? flag : setting;

    /// <summary>A library note (settings marked in it) as the CLI prints it: every setting written as its flag.</summary>
    public static string Render(string text) => SettingText.Render(text, Flag);

    /// <summary>The error's one line as the CLI prints it: every setting it names written as its flag.</summary>
    public static string Describe(InputException e) => e.Describe(Flag);
}
