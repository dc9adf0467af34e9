namespace SoundSight.Demo;

/// <summary>
/// What the demo builds and how long it may train. The full setting fits a 10-minute budget on a 2-core CPU;
/// <see cref="Quick"/> (about a minute) only proves that every stage runs.
/// </summary>
public sealed record DemoSettings
{
    public int TrainScenes { get; init; } = 2000;

    public int ValidationScenes { get; init; } = 200;

    public int TestScenes { get; init; } = 200;

    /// <summary>
    /// Interactive validation scenes: laid out as the held-out ones but playing the validation clips. The stopping
    /// point and the model handed to `localize` are chosen on them (by IIoU), never on the held-out set.
    /// </summary>
    public int InteractiveValidationScenes { get; init; } = 100;

    /// <summary>
    /// The held-out scenes' object size (longer side as a share of the picture's side). Training scenes keep
    /// compose's IS3-like spread (mean box about a third, from tiny to most of the picture); test objects stay above
    /// about a quarter of the picture, where the official plain cIoU (half the picture predicted) can count a hit:
    /// on IS3's own boxes no continuous map can exceed 0.585 cIoU or 0.304 IIoU (`evaluate --ceiling`).
    /// </summary>
    public double TestMinObjectSide { get; init; } = 0.58;

    public double TestMaxObjectSide { get; init; } = 0.72;

    /// <summary>Scene and model input side (reduced from the official 224 for CPU training).</summary>
    public int ImageSize { get; init; } = 112;

    /// <summary>
    /// Audio window in seconds (the kit's clips are 3 s). Half a second carries a note, a ring or a syllable, and
    /// costs half of a 1-s window in the audio encoder, which is most of a CPU training step.
    /// </summary>
    public double AudioSeconds { get; init; } = 0.5;

    /// <summary>Below the kit's 21 categories, so that a batch never holds a category twice (no false negatives).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// The audio encoder's starting weights (recipe audio_init): ImageNet with a grey stem, a deviation from the
    /// authors' random start that learns the kit's sound categories within the CPU budget.
    /// </summary>
    public string AudioInit { get; init; } = Models.ImageNet.AudioInitialization.ImageNet;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Wall-clock budget of the alignment run; the EZ-VSL baseline then gets the same number of steps.</summary>
    public TimeSpan TrainingBudget { get; init; } = TimeSpan.FromMinutes(4.5);

    /// <summary>Upper bound on steps (the budget usually ends the run first).</summary>
    public int MaxSteps { get; init; } = 2000;

    public int NeighbourTopK { get; init; } = 10;

    /// <summary>
    /// How the neighbour view's lists are mined (<see cref="Training.NeighbourMining"/>). Through the sound: on these
    /// scenes the picture-by-picture neighbours of the authors' mining are another category half of the time
    /// (backgrounds and silent distractors weigh as much as the object in a pooled ImageNet embedding), the sound's
    /// almost never (docs/training.md, "Neighbour mining").
    /// </summary>
    public string NeighbourMining { get; init; } = Training.NeighbourMining.ThroughAudio;

    /// <summary>The alignment budget is trained in this many slices, the held-out set scored after each (quality against time).</summary>
    public int QualityPoints { get; init; } = 3;

    /// <summary>Test scenes drawn in the report, one heatmap per sound.</summary>
    public int ReportScenes { get; init; } = 6;

    /// <summary>
    /// The encoders' arithmetic while training (recipe precision): <see cref="Models.EncoderPrecision.Auto"/> trains
    /// in bfloat16 where the CPU computes it natively (about 1.7x the steps in the same minutes) and in float32
    /// elsewhere; "fp32" or "bf16" force one. Evaluation always runs in float32.
    /// </summary>
    public string Precision { get; init; } = Models.EncoderPrecision.Auto;

    /// <summary>The precision the recipes get: <see cref="Precision"/> with auto resolved for this CPU.</summary>
    public string TrainingPrecision => Precision == Models.EncoderPrecision.Auto ? Models.EncoderPrecision.FastestHere() : Precision;

    /// <summary>
    /// Read every model's maps scene-centred (<see cref="Localization.LocalizerOptions.CentredMaps"/>; a deviation
    /// from the official map, the training untouched), and hand `localize` the model with that reading. Chosen on the
    /// study's interactive validation scores, 3 seeds (docs/learning.md, "Reading the maps"); false: the official
    /// cosine map. The report also gives the chosen model's held-out score under the official reading.
    /// </summary>
    public bool CentredMaps { get; init; } = true;

    /// <summary>
    /// Read every model's maps flip-averaged too (<see cref="Localization.LocalizerOptions.FlipAverage"/>; a deviation,
    /// twice the vision tower's work at test time), and hand `localize` the model with that reading. Chosen like
    /// <see cref="CentredMaps"/>, on the study's interactive validation scores (docs/learning.md, "Reading the maps").
    /// </summary>
    public bool FlipAverage { get; init; } = true;

    /// <summary><see cref="CentredMaps"/> and <see cref="FlipAverage"/> as one value.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Localization.MapReading Reading => new(CentredMaps, FlipAverage);

    public ulong Seed { get; init; }

    public int? Threads { get; init; }

    public static DemoSettings Full { get; } = new();

    public static DemoSettings Quick { get; } = new()
    {
        TrainScenes = 96,
        ValidationScenes = 24,
        TestScenes = 16,
        InteractiveValidationScenes = 8,
        BatchSize = 16,
        TrainingBudget = TimeSpan.FromSeconds(12),
        MaxSteps = 4,
        ReportScenes = 3,
        QualityPoints = 2,
    };

    /// <summary>Minutes the whole demo is planned to take on a 2-core CPU (said up front).</summary>
    public double PlannedMinutes => (TrainingBudget.TotalMinutes * 1.4) + (TrainScenes / 2000.0 * 2.5) + 0.5;
}
