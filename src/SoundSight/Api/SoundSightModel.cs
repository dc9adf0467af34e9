using System.Globalization;
using SoundSight.Audio;
using SoundSight.Demo;
using SoundSight.Imaging;
using SoundSight.Localization;
using SoundSight.Media;
using SoundSight.Models;

namespace SoundSight.Api;

/// <summary>
/// The localize job in one object: a model chosen the way <c>./soundsight localize</c> chooses it (a checkpoint,
/// else the demo's trained default, else untrained formula weights, said plainly in <see cref="Description"/>),
/// and calls from file paths or decoded inputs to one map per sound.
/// </summary>
/// <example>
/// <code>
/// using var model = SoundSightModel.Load("ours_sup.pth.tar");
/// foreach (var map in model.Localize("street.jpg", "siren.wav"))
///     Console.WriteLine($"{map.AudioSource}: peak at ({map.PeakX:0}, {map.PeakY:0})");
/// </code>
/// </example>
public sealed class SoundSightModel : IDisposable
{
    /// <summary>The seed of the untrained formula weights (the same maps on every machine).</summary>
    public const ulong UntrainedSeed = 20261124;

    private SoundSightModel(Localizer localizer, ModelKind kind, string description)
    {
        Localizer = localizer;
        Kind = kind;
        Description = description;
    }

    /// <summary>The localizer behind the model (its options say the input size, window and upsampling).</summary>
    public Localizer Localizer { get; }

    /// <summary>Which weights are loaded.</summary>
    public ModelKind Kind { get; }

    /// <summary>One sentence naming the weights, e.g. "checkpoint ours_sup.pth.tar (...)" or "UNTRAINED ...".</summary>
    public string Description { get; }

    /// <summary>
    /// Loads <paramref name="checkpoint"/> when given; otherwise the demo's trained model when one is installed
    /// (run at the resolution and window it learnt), otherwise untrained formula weights.
    /// </summary>
    /// <param name="checkpoint">A .pth/.pth.tar/.pt or .safetensors file, or null.</param>
    /// <param name="options">How to run (upsampling, backend, threads, device); null for the official defaults.</param>
    /// <param name="environment">Where to read SOUNDSIGHT_HOME/XDG_DATA_HOME/HOME (default: the process environment).</param>
    /// <exception cref="IO.InputException">The checkpoint is missing, corrupt or lacks a key.</exception>
    public static SoundSightModel Load(string? checkpoint = null, LocalizerOptions? options = null, Func<string, string?>? environment = null)
    {
        options ??= new LocalizerOptions();
        environment ??= Environment.GetEnvironmentVariable;
        if (checkpoint is null && DefaultModel.Find(environment) is { } trained)
        {
            // The demo's model learnt at a reduced resolution and window: it is run the way it was trained.
            var demoOptions = options with { ImageSize = trained.ImageSize, Window = options.Window.Centred(trained.AudioSeconds) };
            var demo = Localizer.FromCheckpoint(trained.Checkpoint, demoOptions, out _);
            return new SoundSightModel(demo, ModelKind.DemoDefault, string.Format(CultureInfo.InvariantCulture,
                "the default model from {0} ({1} px, {2}-s window)", trained.TrainedBy, trained.ImageSize, trained.AudioSeconds));
        }
        if (checkpoint is null)
        {
            var model = new SoundLocalizationModel();
            DeterministicWeights.Apply(model, UntrainedSeed);
            return new SoundSightModel(new Localizer(model, options), ModelKind.Untrained,
                "an UNTRAINED model with formula weights: the maps show the pipeline, not where the sound is");
        }
        var localizer = Localizer.FromCheckpoint(checkpoint, options, out var report);
        return new SoundSightModel(localizer, ModelKind.Checkpoint, $"checkpoint {report.Summary()}");
    }

    /// <summary>One picture and its sounds from files: one map per sound, in order.</summary>
    /// <exception cref="IO.InputException">A file is missing or cannot be decoded.</exception>
    public IReadOnlyList<PairLocalization> Localize(string imagePath, params string[] audioPaths)
    {
        ArgumentNullException.ThrowIfNull(audioPaths);
        if (audioPaths.Length == 0)
        {
            throw new IO.InputException(imagePath, "give at least one sound for the picture");
        }
        var picture = new ImageDecoder(Localizer.Options.ApplyExifOrientation).Decode(imagePath);
        var sounds = audioPaths.Select(AudioLoader.Load).ToList();
        return Localizer.Localize(picture, sounds);
    }

    /// <summary>One decoded picture and its decoded sounds: one map per sound, in order.</summary>
    public IReadOnlyList<PairLocalization> Localize(RgbImage picture, IReadOnlyList<AudioClip> sounds) => Localizer.Localize(picture, sounds);

    public void Dispose() => Localizer.Dispose();
}
