using System.Globalization;
using SoundSight.Audio;
using SoundSight.Demo;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Media;
using SoundSight.Methods;
using SoundSight.Models;

namespace SoundSight.Api;

/// <summary>
/// The localize job in one object: a model chosen the way <c>./soundsight localize</c> chooses it (a checkpoint of
/// any method of the comparison, recognised from its keys and container or named, else the demo's trained default,
/// else untrained formula weights, said plainly in <see cref="Description"/>), and calls from file paths or decoded
/// inputs to one map per sound.
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

    private SoundSightModel(IPairLocalizer localizer, LocalizationMethod method, string methodReason, ModelKind kind, string description)
    {
        Localizer = localizer;
        Method = method;
        MethodReason = methodReason;
        Kind = kind;
        Description = description;
    }

    /// <summary>
    /// The localizer behind the model (its options say the input size, window and upsampling): a
    /// <see cref="Localization.Localizer"/> for the authors' network (ours, LVS, SSL-TIE), which
    /// <see cref="VideoLocalizer"/> takes, or the competing method's own.
    /// </summary>
    public IPairLocalizer Localizer { get; }

    /// <summary>The method whose model runs (its <c>Name</c>, as <c>--method</c> writes it, and <c>Title</c>).</summary>
    public LocalizationMethod Method { get; }

    /// <summary>
    /// Why that method: named, recognised from the checkpoint (and how), or the authors' model for no checkpoint.
    /// Settings it mentions are marked as in <see cref="IO.InputException"/>'s text: <see cref="SettingText.Plain"/>
    /// writes them by name.
    /// </summary>
    public string MethodReason { get; }

    /// <summary>Which weights are loaded.</summary>
    public ModelKind Kind { get; }

    /// <summary>One sentence naming the weights, e.g. "Ours (...), checkpoint 322 tensors from ours_sup.pth.tar (...)" or "UNTRAINED ...".</summary>
    public string Description { get; }

    /// <summary>
    /// Loads <paramref name="checkpoint"/> as the method its keys and container say (<c>auto</c>) when given;
    /// otherwise the demo's trained model when one is installed (run at the resolution and window it learnt),
    /// otherwise untrained formula weights.
    /// </summary>
    /// <param name="checkpoint">A .pth/.pth.tar/.pt or .safetensors file, or null.</param>
    /// <param name="options">How to run (upsampling, backend, threads, device); null for the official defaults.</param>
    /// <param name="environment">Where to read SOUNDSIGHT_HOME/XDG_DATA_HOME/HOME (default: the process environment).</param>
    /// <exception cref="IO.InputException">The checkpoint is missing or corrupt, or fits no method.</exception>
    public static SoundSightModel Load(string? checkpoint = null, LocalizerOptions? options = null, Func<string, string?>? environment = null) =>
        Load(checkpoint, options, MethodRegistry.Auto, null, environment);

    /// <summary>
    /// As <see cref="Load(string?, LocalizerOptions?, Func{string, string?}?)"/>, the method named:
    /// <paramref name="method"/> is <c>auto</c> (recognised from the checkpoint) or a method's name
    /// (<c>ours</c>, <c>lvs</c>, <c>ssltie</c>, <c>ezvsl</c>, <c>margin</c>, <c>slavc</c>, <c>fnac</c>; docs/methods.md).
    /// A method without a model (HTF: only saved maps) cannot localize; a method other than the authors' needs a
    /// checkpoint; a checkpoint that does not fit the named method is refused naming the file and the problem.
    /// </summary>
    /// <exception cref="IO.InputException">One of the above, or the checkpoint is missing or corrupt.</exception>
    public static SoundSightModel Load(string? checkpoint, LocalizerOptions? options, string method, MethodOptions? methodOptions = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        options ??= new LocalizerOptions();
        environment ??= Environment.GetEnvironmentVariable;
        var auto = string.Equals(method, MethodRegistry.Auto, StringComparison.OrdinalIgnoreCase);
        if (!auto)
        {
            RefuseWithoutModel(MethodRegistry.Get(method), Setting.Mention(Setting.Method));
        }
        if (checkpoint is null)
        {
            var (ours, reason) = MethodRegistry.Resolve(method, null);
            if (ours.Name != "ours")
            {
                throw new InputException(Setting.Mention(Setting.Method), $"{ours.Name} needs {Setting.Mention(Setting.Checkpoint)} (only the authors' model has a default)");
            }
            return LoadDefault(options, environment, ours, reason);
        }
        var (chosen, why) = MethodRegistry.Resolve(method, checkpoint);
        RefuseWithoutModel(chosen, checkpoint);
        var localizer = chosen.Open(checkpoint, chosen.Configure(options, null), methodOptions ?? new MethodOptions(), out var report);
        return new SoundSightModel(localizer, chosen, why, ModelKind.Checkpoint, $"{chosen.Title}, checkpoint {report.Summary()}");
    }

    /// <summary>No checkpoint: the demo's trained model, else the authors' network with untrained formula weights.</summary>
    private static SoundSightModel LoadDefault(LocalizerOptions options, Func<string, string?> environment, LocalizationMethod ours, string reason)
    {
        if (DefaultModel.Find(environment) is { } trained)
        {
            // The demo's model learnt at a reduced resolution and window: it is run the way it was trained.
            var demoOptions = trained.Apply(options);
            var demo = Localization.Localizer.FromCheckpoint(trained.Checkpoint, demoOptions, out _);
            return new SoundSightModel(demo, ours, reason, ModelKind.DemoDefault, $"the default model from {trained.TrainedBy} ({trained.Describe()})");
        }
        var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, UntrainedSeed);
        return new SoundSightModel(new Localization.Localizer(model, options), ours, reason, ModelKind.Untrained,
            "an UNTRAINED model with formula weights: the maps show the pipeline, not where the sound is");
    }

    /// <summary>HTF has no model in the official code, only its saved maps: nothing here can run it.</summary>
    private static void RefuseWithoutModel(LocalizationMethod method, string where)
    {
        if (!method.HasModel)
        {
            var runnable = string.Join(", ", MethodRegistry.All.Where(m => m.HasModel).Select(m => m.Name));
            throw new InputException(where, $"{method.Name} has no model (the official code has only its saved maps), so it cannot localize new pictures and sounds; give a checkpoint of a method with one ({runnable}); its maps are scored with evaluate {Setting.Mention(Setting.Method)} {method.Name} {Setting.Mention(Setting.Predictions)} DIR");
        }
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
    /// <remarks>The competing methods' front ends read each sound's file (<see cref="AudioClip.Source"/>) themselves.</remarks>
    public IReadOnlyList<PairLocalization> Localize(RgbImage picture, IReadOnlyList<AudioClip> sounds) => Localizer.Localize(picture, sounds);

    public void Dispose() => Localizer.Dispose();
}
