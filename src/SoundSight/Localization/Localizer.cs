using System.Runtime.Intrinsics;
using SoundSight.Audio;
using SoundSight.Checkpoints;
using SoundSight.Imaging;
using SoundSight.Maps;
using SoundSight.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Localization;

/// <summary>
/// Pictures and sounds in, localization maps out: the official test path (front ends, model, upsampling,
/// normalisation) behind one call. One picture with several sounds is the interactive case: the picture is
/// encoded once and every sound gets its own map.
/// </summary>
public sealed class Localizer : IPairLocalizer
{
    private readonly SoundLocalizationModel _model;
    private readonly ImageFrontEnd _images;
    private readonly ISpectrogramSource _audio;
    private readonly Device _device;
    private readonly int _threads;
    private readonly InferenceBackend? _forced;
    private readonly Dictionary<InferenceBackend, BackendEncoders> _encoders = [];
    private readonly Dictionary<int, BackendChoice> _choices = [];

    private readonly bool _ownsModel;

    /// <param name="ownsModel">Whether disposing the localizer disposes the model too.</param>
    /// <param name="audioFrontEnd">The audio front end (default: the authors' spectrogram of <see cref="LocalizerOptions.Window"/>).</param>
    public Localizer(SoundLocalizationModel model, LocalizerOptions? options = null, bool ownsModel = true, ISpectrogramSource? audioFrontEnd = null)
    {
        _ownsModel = ownsModel;
        Options = options ?? new LocalizerOptions();
        _model = model;
        _model.eval();
        _images = new ImageFrontEnd(Options.ImageSize);
        _audio = audioFrontEnd ?? new AudioFrontEnd(Options.Window);
        _device = Runtime.ComputeDevice.ResolveForInference(Options.Device);
        if (_device.type != DeviceType.CPU)
        {
            // Only the encoders move: their outputs come back to the CPU, where the heads and the maps are.
            model.VisionEncoder.to(_device);
            model.AudioEncoder.to(_device);
        }
        _threads = Options.Threads ?? Environment.ProcessorCount;
        _forced = Options.Backend ?? ForcedByEnvironment(Environment.GetEnvironmentVariable(BackendVariable));
        if (_forced is { } forced)
        {
            // Built now, so that a forced backend's set-up cost is paid before the first picture, as before.
            _ = EncodersOf(forced);
        }
    }

    public LocalizerOptions Options { get; }

    public SoundLocalizationModel Model => _model;

    /// <summary>Loads a checkpoint (projection heads optional) into a new model.</summary>
    public static Localizer FromCheckpoint(string path, LocalizerOptions? options, out CheckpointReport report)
    {
        var model = new SoundLocalizationModel();
        try
        {
            report = CheckpointLoader.Load(model, path, SoundLocalizationModel.ProjectionPrefixes);
            return new Localizer(model, options);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>One picture, one map per sound.</summary>
    public IReadOnlyList<PairLocalization> Localize(RgbImage image, IReadOnlyList<AudioClip> sounds)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var (vision, audio) = Encode(_images.ToTensor(image).unsqueeze(0), SpectrogramBatch(sounds));
        var maps = SoundLocalizationModel.AllLocalizationMaps(vision, audio)[0];
        var semantic = _model.HasProjections ? _model.SemanticScores(vision, audio)[0] : null;
        var results = new List<PairLocalization>(sounds.Count);
        for (var k = 0; k < sounds.Count; k++)
        {
            results.Add(Describe(image, sounds[k], maps[k], semantic?[k].item<float>()));
        }
        return results;
    }

    /// <summary>Pairs (picture i with sound i), batched through the model.</summary>
    public IReadOnlyList<PairLocalization> LocalizePairs(IReadOnlyList<(RgbImage Image, AudioClip Sound)> pairs)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var (vision, audio) = Encode(_images.ToBatch(pairs.Select(p => p.Image).ToList()), SpectrogramBatch(pairs.Select(p => p.Sound).ToList()));
        var maps = SoundLocalizationModel.LocalizationMapFromFeatures(vision, audio);
        Tensor? semantic = null;
        if (_model.HasProjections)
        {
            semantic = (_model.ImageEmbedding(vision) * _model.AudioEmbedding(audio)).sum(1);
        }
        var results = new List<PairLocalization>(pairs.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            results.Add(Describe(pairs[i].Image, pairs[i].Sound, maps[i, 0], semantic?[i].item<float>()));
        }
        return results;
    }

    /// <summary>
    /// Raw features of pictures and sounds (either list may be empty; the lists need not be paired): vision maps
    /// [B, 512, h, w] and audio vectors [K, 512], or null for an empty list. Caller disposes.
    /// </summary>
    public (Tensor? VisionMaps, Tensor? AudioVectors) EncodeFeatures(IReadOnlyList<RgbImage> images, IReadOnlyList<AudioClip> sounds)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var imageBatch = images.Count > 0 ? _images.ToBatch(images) : null;
        var soundBatch = sounds.Count > 0 ? SpectrogramBatch(sounds) : null;
        var encoders = EncodersOf(ChoiceFor(Math.Max(images.Count, sounds.Count)).Backend);
        var (vision, audio) = encoders.Encode(imageBatch, soundBatch, Blank);
        return (vision?.MoveToOuterDisposeScope(), audio?.MoveToOuterDisposeScope());
    }

    /// <summary>The front end's inputs of several sounds as a [B, 1, bins, frames] tensor.</summary>
    public Tensor SpectrogramBatch(IReadOnlyList<AudioClip> sounds) => Audio.SpectrogramBatch.Of(_audio, sounds);

    /// <summary>
    /// The backend that runs a batch of <paramref name="batch"/> items: the forced one
    /// (<see cref="LocalizerOptions.Backend"/>), libtorch on a GPU, or else the fastest on this machine for the
    /// batch's class (<see cref="BackendChoiceKey.BatchClass"/>), read from the per-user cache or, the first time,
    /// timed (<see cref="LocalizerOptions.BackendTimingBudget"/>) and cached.
    /// </summary>
    public BackendChoice ChoiceFor(int batch)
    {
        var size = BackendChoiceKey.BatchClass(Math.Max(1, batch));
        if (_choices.TryGetValue(size, out var known))
        {
            return known;
        }
        BackendChoice choice;
        if (_forced is { } forced)
        {
            choice = BackendChoice.Forced(_device.type == DeviceType.CPU ? forced : InferenceBackend.Torch, size);
        }
        else if (_device.type != DeviceType.CPU)
        {
            choice = new BackendChoice(InferenceBackend.Torch, BackendChoiceSource.Device, size, new Dictionary<InferenceBackend, double>());
        }
        else
        {
            var key = BackendChoiceKey.Here(Options.ImageSize, _audio.FrequencyBins, _audio.Frames, size, _threads, Options.FoldBatchNorm);
            var cache = new BackendChoiceCache(Options.BackendChoiceCache ?? BackendChoiceCache.DefaultPath(Environment.GetEnvironmentVariable));
            choice = cache.Find(key) ?? Measure(size);
            if (choice.Source == BackendChoiceSource.Measured)
            {
                cache.Store(key, choice);
            }
        }
        _choices[size] = choice;
        return choice;
    }

    /// <summary>Times every backend this CPU has on random inputs of one batch class; keeps only the encoders in use.</summary>
    private BackendChoice Measure(int batch)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var images = randn(batch, 3, Options.ImageSize, Options.ImageSize);
        var spectrograms = randn(batch, 1, _audio.FrequencyBins, _audio.Frames);
        var runs = new List<(InferenceBackend, Action)>();
        foreach (var backend in AvailableBackends())
        {
            var encoders = EncodersOf(backend);
            runs.Add((backend, () =>
            {
                using var inner = NewDisposeScope();
                encoders.Encode(images, spectrograms, Blank);
            }
            ));
        }
        var choice = BackendChoice.Fastest(BackendTimer.MedianMilliseconds(runs, Options.BackendTimingBudget), BackendChoiceSource.Measured, batch);
        // The encoders no choice uses are let go (a tower's weights are tens of MB); they are rebuilt if needed.
        var used = _choices.Values.Select(c => c.Backend).Append(choice.Backend).ToHashSet();
        foreach (var unused in _encoders.Keys.Where(b => !used.Contains(b)).ToList())
        {
            _encoders[unused].Dispose();
            _encoders.Remove(unused);
        }
        return choice;
    }

    /// <summary>
    /// The CPU backends worth timing here: libtorch and ONNX Runtime always, Winograd where 512-bit vectors are
    /// accelerated (its transforms are written for 16-float vectors; elsewhere they would run emulated).
    /// </summary>
    public static IReadOnlyList<InferenceBackend> AvailableBackends() =>
        Vector512.IsHardwareAccelerated
            ? [InferenceBackend.Winograd, InferenceBackend.Onnx, InferenceBackend.Torch]
            : [InferenceBackend.Onnx, InferenceBackend.Torch];

    /// <summary>The environment variable that forces a backend where <see cref="LocalizerOptions.Backend"/> leaves it open.</summary>
    public const string BackendVariable = "SOUNDSIGHT_BACKEND";

    /// <summary>The backend $SOUNDSIGHT_BACKEND forces (winograd, onnx or torch); null when unset, empty or auto.</summary>
    public static InferenceBackend? ForcedByEnvironment(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return BackendChoice.Parse(value) ?? throw new IO.InputException(BackendVariable, $"'{value}' is not a backend (auto, winograd, onnx or torch)");
    }

    private BackendEncoders EncodersOf(InferenceBackend backend)
    {
        if (!_encoders.TryGetValue(backend, out var encoders))
        {
            encoders = OutsideDisposeScopes(() => new BackendEncoders(_model, backend, Options.FoldBatchNorm, _device, _threads));
            _encoders[backend] = encoders;
        }
        return encoders;
    }

    /// <summary>
    /// Runs <paramref name="make"/> on a thread of its own, where none of the caller's dispose scopes (which are per
    /// thread) can claim what it makes: encoders first needed inside a caller's scope must outlive it. A dedicated
    /// thread, not a task: a waited-for task may run inline on the waiting thread.
    /// </summary>
    private static T OutsideDisposeScopes<T>(Func<T> make)
    {
        T? made = default;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                made = make();
            }
            catch (Exception e)
            {
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return made!;
    }

    /// <summary>One blank picture (true) or spectrogram, for a side ONNX Runtime's graph needs but the caller did not give.</summary>
    private Tensor Blank(bool image) =>
        image ? zeros(1, 3, Options.ImageSize, Options.ImageSize) : zeros(1, 1, _audio.FrequencyBins, _audio.Frames);

    /// <summary>Raw vision maps and audio vectors from the backend chosen for this batch.</summary>
    private (Tensor Vision, Tensor Audio) Encode(Tensor images, Tensor spectrograms)
    {
        var batch = (int)Math.Max(images.shape[0], spectrograms.shape[0]);
        var (vision, audio) = EncodersOf(ChoiceFor(batch).Backend).Encode(images, spectrograms, Blank);
        return (vision!, audio!);
    }

    private PairLocalization Describe(RgbImage image, AudioClip sound, Tensor map, double? semantic) =>
        PairDescription.Of(image, sound, map, Options.EvaluationSize, Options.Upsample, MapNormalizationRule.OneMinusNormalizedNegative, semantic);

    public void Dispose()
    {
        foreach (var encoders in _encoders.Values)
        {
            encoders.Dispose();
        }
        _encoders.Clear();
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }
}
