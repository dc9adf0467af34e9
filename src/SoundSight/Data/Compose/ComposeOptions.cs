using SoundSight.IO;

namespace SoundSight.Data.Compose;

/// <summary>
/// What <see cref="DatasetComposer"/> makes: how many scenes per split, how they look and sound. The defaults give
/// IS3-like scenes: objects whose longer side is 35-95 % of the picture's side (mean box about a third of the
/// picture, as IS3's 6,480 boxes), two sounding objects per test scene, clean audio.
/// </summary>
public sealed record ComposeOptions
{
    /// <summary>Side of the square scenes, pixels.</summary>
    public int ImageSize { get; init; } = 224;

    public int TrainScenes { get; init; } = 2000;

    public int ValidationScenes { get; init; } = 200;

    public int TestScenes { get; init; } = 300;

    /// <summary>
    /// Interactive validation scenes (val-interactive/): made as the test scenes (sources, object size, layout) but
    /// from the validation clips, so a model can be chosen on interactive localization without the test set.
    /// </summary>
    public int InteractiveValidationScenes { get; init; }

    /// <summary>Sounding objects per test scene (IS3: 2), each from a different category.</summary>
    public int TestSources { get; init; } = 2;

    /// <summary>Silent distractor objects per training or validation scene: uniform in [min, max].</summary>
    public int MinDistractors { get; init; }

    public int MaxDistractors { get; init; } = 2;

    /// <summary>Silent distractors per test scene (IS3 has none).</summary>
    public int TestDistractors { get; init; }

    /// <summary>An object's longer side as a fraction of the picture's side: uniform in [min, max].</summary>
    public double MinObjectSide { get; init; } = 0.35;

    public double MaxObjectSide { get; init; } = 0.95;

    /// <summary>
    /// The interactive test scenes' object size, the same kind of share; null: as the training scenes. The demo
    /// keeps test objects above a quarter of the picture, where the official plain cIoU (half the picture predicted)
    /// can count a hit at all.
    /// </summary>
    public double? TestMinObjectSide { get; init; }

    public double? TestMaxObjectSide { get; init; }

    /// <summary>What the object size share measures in every split (<see cref="Compose.ObjectScale"/>).</summary>
    public ObjectScale ObjectScale { get; init; } = ObjectScale.LongerSide;

    /// <summary>The object side range of a split's scenes.</summary>
    public (double Min, double Max) ObjectSide(bool test) =>
        test ? (TestMinObjectSide ?? MinObjectSide, TestMaxObjectSide ?? MaxObjectSide) : (MinObjectSide, MaxObjectSide);

    /// <summary>The largest share of any object's mask that objects in front of it may hide.</summary>
    public double MaxOcclusion { get; init; } = 0.25;

    public double FlipProbability { get; init; } = 0.5;

    /// <summary>Background noise (pink) mixed into each sound at this signal-to-noise ratio in dB; null: clean.</summary>
    public double? SnrDb { get; init; }

    /// <summary>A folder of photos to use as backgrounds (beside the procedural ones); null: procedural only.</summary>
    public string? BackgroundFolder { get; init; }

    /// <summary>Share of scenes on a photo background when <see cref="BackgroundFolder"/> is given.</summary>
    public double PhotoBackgroundShare { get; init; } = 0.5;

    /// <summary>Categories kept out of training and validation and used alone in the test set (open-set test).</summary>
    public IReadOnlyList<string> UnseenCategories { get; init; } = [];

    /// <summary>Clips per category reserved for the test split and for the validation split (the rest train).</summary>
    public int TestClipsPerCategory { get; init; } = 1;

    public int ValidationClipsPerCategory { get; init; } = 1;

    public int JpegQuality { get; init; } = 90;

    public ulong Seed { get; init; }

    /// <summary>Worker threads (null: all cores). The output does not depend on it.</summary>
    public int? Threads { get; init; }

    /// <summary>Checks the numbers; a bad value is an <see cref="InputException"/> naming the setting (the CLI prints it as its flag).</summary>
    public void Validate()
    {
        Require(ImageSize is >= 32 and <= 4096, Setting.Mention(Setting.ImageSize), "must be between 32 and 4096 pixels");
        Require(TrainScenes >= 0 && ValidationScenes >= 0 && TestScenes >= 0 && InteractiveValidationScenes >= 0, Setting.Mention(Setting.TrainScenes, Setting.ValidationScenes, Setting.TestScenes, Setting.InteractiveValidationScenes), "scene counts cannot be negative");
        Require(TrainScenes + ValidationScenes + TestScenes + InteractiveValidationScenes > 0, Setting.Mention(Setting.TrainScenes, Setting.ValidationScenes, Setting.TestScenes, Setting.InteractiveValidationScenes), "nothing to compose: every scene count is 0");
        Require(TestSources >= 1, Setting.Mention(Setting.TestSources), "a test scene needs at least one sounding object");
        Require(MinDistractors >= 0 && MaxDistractors >= MinDistractors, Setting.Mention(Setting.Distractors), "needs 0 <= MIN <= MAX");
        Require(TestDistractors >= 0, Setting.Mention(Setting.TestDistractors), "cannot be negative");
        Require(MinObjectSide > 0 && MaxObjectSide >= MinObjectSide && MaxObjectSide <= 1, Setting.Mention(Setting.ObjectSize), "needs 0 < MIN <= MAX <= 1 (fractions of the picture's side)");
        Require(MaxOcclusion is >= 0 and < 1, Setting.Mention(Setting.MaxOcclusion), "must be in [0, 1)");
        Require(FlipProbability is >= 0 and <= 1, Setting.Mention(Setting.FlipProbability), "must be a probability in [0, 1]");
        Require(SnrDb is null || double.IsFinite(SnrDb.Value), Setting.Mention(Setting.SnrDb), "must be a finite number of dB");
        Require(PhotoBackgroundShare is >= 0 and <= 1, Setting.Mention(Setting.PhotoBackgroundShare), "must be in [0, 1]");
        Require(TestClipsPerCategory >= 1 && ValidationClipsPerCategory >= 1, Setting.Mention(Setting.TestClipsPerCategory, Setting.ValidationClipsPerCategory), "at least one clip per category");
        Require(JpegQuality is >= 1 and <= 100, Setting.Mention(Setting.JpegQuality), "must be in 1..100");
        Require(Threads is null or >= 1, Setting.Mention(Setting.Threads), "must be at least 1");
    }

    private static void Require(bool ok, string option, string problem)
    {
        if (!ok)
        {
            throw new InputException(option, problem);
        }
    }
}
