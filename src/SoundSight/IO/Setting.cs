namespace SoundSight.IO;

/// <summary>
/// The stable names of the settings an <see cref="InputException"/> can be about or mention: the snake_case names of
/// the option and recipe properties. The library speaks of settings, never of command-line flags, so that API and web
/// users read names they can set; the CLI maps each name to its flag (SettingFlags there) and a test holds that every
/// name listed here has one.
/// </summary>
public static class Setting
{
    public const string AllowMissing = "allow_missing";
    public const string Annotations = "annotations";
    public const string Batch = "batch";
    public const string Benchmark = "benchmark";
    public const string Cache = "cache";
    public const string CentredMaps = "centred_maps";
    public const string Checkpoint = "checkpoint";
    public const string DataRoot = "data_root";
    public const string Device = "device";
    public const string Distractors = "distractors";
    public const string FlipAverage = "flip_average";
    public const string FlipProbability = "flip_probability";
    public const string Host = "host";
    public const string ImageSize = "image_size";
    public const string InteractiveValidationScenes = "interactive_validation_scenes";
    public const string JpegQuality = "jpeg_quality";
    public const string Layout = "layout";
    public const string MaxAudioSeconds = "max_audio_seconds";
    public const string MaxImagePixels = "max_image_pixels";
    public const string MaxJobs = "max_jobs";
    public const string MaxOcclusion = "max_occlusion";
    public const string MaxSounds = "max_sounds";
    public const string MaxUploadBytes = "max_upload_bytes";
    public const string MaxVideoSeconds = "max_video_seconds";
    public const string Method = "method";
    public const string ObjectScale = "object_scale";
    public const string ObjectSize = "object_size";
    public const string Ogl = "ogl";
    public const string OglSaliency = "ogl_saliency";
    public const string OglTorchvision = "ogl_torchvision";
    public const string Out = "out";
    public const string Overwrite = "overwrite";
    public const string PhotoBackgroundShare = "photo_background_share";
    public const string Port = "port";
    public const string Predictions = "predictions";
    public const string RecipeOverrides = "recipe_overrides";
    public const string Report = "report";
    public const string Shard = "shard";
    public const string SilentPairs = "silent_pairs";
    public const string SkipBad = "skip_bad";
    public const string SnrDb = "snr_db";
    public const string StepSeconds = "step_seconds";
    public const string Subset = "subset";
    public const string TestClipsPerCategory = "test_clips_per_category";
    public const string TestDistractors = "test_distractors";
    public const string TestScenes = "test_scenes";
    public const string TestSources = "test_sources";
    public const string Threads = "threads";
    public const string TrainScenes = "train_scenes";
    public const string UnseenCategories = "unseen_categories";
    public const string ValidationClipsPerCategory = "validation_clips_per_category";
    public const string ValidationScenes = "validation_scenes";
    public const string WindowSeconds = "window_seconds";
    public const string Workers = "workers";

    /// <summary>Every name above: what a front end must be able to name.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(Setting)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    /// <summary>
    /// <paramref name="settings"/> marked inside an error's text, so that each front end can write it its own way
    /// (<see cref="SettingText"/>); several settings joined with '/' name a problem that involves them together.
    /// </summary>
    public static string Mention(params string[] settings) => string.Join("/", settings.Select(SettingText.Mark));
}
