using SoundSight.Audio;
using SoundSight.Maps;
using SoundSight.Protocol;

namespace SoundSight.Localization;

/// <summary>How <see cref="Localizer"/> runs. The defaults are the official protocol.</summary>
public sealed record LocalizerOptions
{
    /// <summary>How the native map becomes the 224 x 224 evaluation map (official: align-corners, VGG-SS: half-pixel).</summary>
    public UpsampleMode Upsample { get; init; } = UpsampleMode.AlignCorners;

    /// <summary>Model input side in pixels (official 224).</summary>
    public int ImageSize { get; init; } = OfficialProtocol.ImageSize;

    /// <summary>Side of the evaluation map (official 224).</summary>
    public int EvaluationSize { get; init; } = OfficialProtocol.ImageSize;

    /// <summary>Which part of each sound the model hears (official: [3.5, 6.5) s of a 10-s clip).</summary>
    public AudioWindow Window { get; init; } = AudioWindow.Official;

    /// <summary>
    /// Run the encoders with every BatchNorm folded into its convolution (<see cref="Models.FoldedResNet18"/>): the
    /// same function up to float rounding (about 1e-6 relative), fewer memory passes. False runs the modules as
    /// written, for bit-level comparisons.
    /// </summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>
    /// What runs the encoders; null (the default) picks, per batch size, the fastest backend measured on this machine
    /// (<see cref="Localizer.ChoiceFor"/>: timed once, for <see cref="BackendTimingBudget"/>, then read from a per-user cache).
    /// </summary>
    public InferenceBackend? Backend { get; init; }

    /// <summary>
    /// How long the backends are timed when a choice is measured, shared among them: each is timed on its own (one
    /// untimed call each comes on top, and at least <see cref="BackendTimer.MinimumCalls"/> timed calls run however
    /// long they take).
    /// </summary>
    public TimeSpan BackendTimingBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The file measured backend choices are cached in; null means the per-user default (<see cref="BackendChoiceCache.DefaultPath"/>).</summary>
    public string? BackendChoiceCache { get; init; }

    /// <summary>
    /// Where the encoders run: cpu, cuda or cuda:N. On a GPU they run in TorchSharp (the Winograd and ONNX Runtime
    /// backends are CPU only), the rest (front ends, maps, projection heads, upsampling) stays on the CPU.
    /// </summary>
    public string Device { get; init; } = Runtime.ComputeDevice.Cpu;

    /// <summary>CPU threads for the encoders; null means all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>Turn pictures upright by their EXIF tag first (a deviation: PIL in the official code ignores it).</summary>
    public bool ApplyExifOrientation { get; init; }

    /// <summary>
    /// Scene-centred maps (a deviation; off in the official protocol): each location's vision feature minus the
    /// picture's mean feature over its locations, then the cosine with the sound. The frozen ImageNet features share
    /// a large positive component at every location (post-ReLU), which flattens the official cosine map; taking it
    /// out leaves what sets one location apart from the rest of the picture. Same weights, same training: only how a
    /// map is read off them (docs/learning.md, "Reading the maps").
    /// </summary>
    public bool CentredMaps { get; init; }

    /// <summary>
    /// Flip-averaged maps (a deviation; off in the official protocol): the picture is also encoded mirrored left to
    /// right, its map mirrored back and averaged with the picture's own, the usual test-time flip of detection and
    /// segmentation. Twice the vision tower's work; the sound is encoded once (docs/learning.md, "Reading the maps").
    /// </summary>
    public bool FlipAverage { get; init; }
}
