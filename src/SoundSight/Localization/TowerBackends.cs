using System.Runtime.Intrinsics;
using SoundSight.Audio;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Localization;

/// <summary>
/// The towers of one two-tower model on whichever inference backend runs each batch fastest: the forced one
/// (<see cref="LocalizerOptions.Backend"/> or $SOUNDSIGHT_BACKEND), libtorch on a GPU, or else the one measured
/// fastest on this machine for the batch's class, read from the per-user cache or, the first time, timed and
/// cached. Shared by the authors' <see cref="Localizer"/> and the competing methods' localizers.
/// </summary>
public sealed class TowerBackends : IDisposable
{
    private readonly TowerPair _towers;
    private readonly LocalizerOptions _options;
    private readonly ISpectrogramSource _audio;
    private readonly Device _device;
    private readonly int _threads;
    private readonly InferenceBackend? _forced;
    private readonly Dictionary<InferenceBackend, BackendEncoders> _encoders = [];
    private readonly Dictionary<int, BackendChoice> _choices = [];

    /// <param name="audio">The front end whose spectrogram shape the choice is measured at.</param>
    public TowerBackends(TowerPair towers, LocalizerOptions options, ISpectrogramSource audio, Device device)
    {
        _towers = towers;
        _options = options;
        _audio = audio;
        _device = device;
        _threads = options.Threads ?? Environment.ProcessorCount;
        _forced = options.Backend ?? ForcedByEnvironment(Environment.GetEnvironmentVariable(BackendVariable));
        if (_forced is { } forced)
        {
            // Built now, so that a forced backend's set-up cost is paid before the first picture.
            _ = EncodersOf(forced);
        }
    }

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

    /// <summary>
    /// The CPU backends worth timing here: libtorch and ONNX Runtime always, Winograd where 512-bit vectors are
    /// accelerated (its transforms are written for 16-float vectors; elsewhere they would run emulated).
    /// </summary>
    public static IReadOnlyList<InferenceBackend> AvailableBackends() =>
        Vector512.IsHardwareAccelerated
            ? [InferenceBackend.Winograd, InferenceBackend.Onnx, InferenceBackend.Torch]
            : [InferenceBackend.Onnx, InferenceBackend.Torch];

    /// <summary>The backend that runs a batch of <paramref name="batch"/> items (see the class summary).</summary>
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
            var key = BackendChoiceKey.Here(_towers.Architecture, _options.ImageSize, _audio.FrequencyBins, _audio.Frames, size, _threads, _options.FoldBatchNorm);
            var cache = new BackendChoiceCache(_options.BackendChoiceCache ?? BackendChoiceCache.DefaultPath(Environment.GetEnvironmentVariable));
            choice = cache.Find(key) ?? Measure(size);
            if (choice.Source == BackendChoiceSource.Measured)
            {
                cache.Store(key, choice);
            }
        }
        _choices[size] = choice;
        return choice;
    }

    /// <summary>
    /// Raw features of a picture batch and a spectrogram batch (either may be null) from the backend chosen for
    /// the larger of the two: vision maps [B, 512, h, w] and audio vectors [K, 512] on the CPU. Caller disposes.
    /// </summary>
    public (Tensor? Vision, Tensor? Audio) Encode(Tensor? images, Tensor? spectrograms)
    {
        var batch = (int)Math.Max(images?.shape[0] ?? 0, spectrograms?.shape[0] ?? 0);
        return EncodersOf(ChoiceFor(batch).Backend).Encode(images, spectrograms, Blank);
    }

    /// <summary>
    /// Times every backend this CPU has on random inputs of one batch class, one backend at a time with only its
    /// encoders, those of earlier choices and the fastest so far loaded (as a run that stays on one backend has
    /// them, and the winner need not be built twice); keeps only the encoders in use.
    /// </summary>
    private BackendChoice Measure(int batch)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var images = randn(batch, 3, _options.ImageSize, _options.ImageSize);
        var spectrograms = randn(batch, 1, _audio.FrequencyBins, _audio.Frames);
        var runs = AvailableBackends().Select(backend => (backend, (Action)(() =>
        {
            using var inner = NewDisposeScope();
            EncodersOf(backend).Encode(images, spectrograms, Blank);
        }))).ToList();
        (InferenceBackend Backend, double Ms)? fastest = null;
        var medians = BackendTimer.MedianMilliseconds(runs, _options.BackendTimingBudget, (backend, ms) =>
        {
            if (fastest is not { } best || ms < best.Ms)
            {
                fastest = (backend, ms);
            }
            ReleaseUnused(keep: fastest.Value.Backend);
        });
        var choice = BackendChoice.Fastest(medians, BackendChoiceSource.Measured, batch);
        ReleaseUnused(keep: choice.Backend);
        return choice;
    }

    /// <summary>Lets go of the encoders no choice uses (a tower's weights are tens of MB); they are rebuilt if needed.</summary>
    private void ReleaseUnused(InferenceBackend keep)
    {
        var used = _choices.Values.Select(c => c.Backend).Append(keep).ToHashSet();
        foreach (var unused in _encoders.Keys.Where(b => !used.Contains(b)).ToList())
        {
            _encoders[unused].Dispose();
            _encoders.Remove(unused);
        }
    }

    private BackendEncoders EncodersOf(InferenceBackend backend)
    {
        if (!_encoders.TryGetValue(backend, out var encoders))
        {
            encoders = OutsideDisposeScopes(() => new BackendEncoders(_towers, backend, _options.FoldBatchNorm, _device, _threads));
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
        image ? zeros(1, 3, _options.ImageSize, _options.ImageSize) : zeros(1, 1, _audio.FrequencyBins, _audio.Frames);

    public void Dispose()
    {
        foreach (var encoders in _encoders.Values)
        {
            encoders.Dispose();
        }
        _encoders.Clear();
    }
}
