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
    private readonly TowerBackends _backends;

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
        var device = Runtime.ComputeDevice.ResolveForInference(Options.Device);
        if (device.type != DeviceType.CPU)
        {
            // Only the encoders move: their outputs come back to the CPU, where the heads and the maps are.
            model.VisionEncoder.to(device);
            model.AudioEncoder.to(device);
        }
        _backends = new TowerBackends(TowerPair.Of(model), Options, _audio, device);
    }

    public LocalizerOptions Options { get; }

    public SoundLocalizationModel Model => _model;

    /// <summary>Loads a checkpoint (projection heads optional) into a new model.</summary>
    public static Localizer FromCheckpoint(string path, LocalizerOptions? options, out CheckpointReport report)
    {
        var model = new SoundLocalizationModel(ParameterInit.Loaded);
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

    /// <summary>
    /// One picture, one map per sound. Sounds of different lengths (a front end that reads each file at its own
    /// rate, as SSL-TIE's) are encoded in one batch per length, as one at a time would.
    /// </summary>
    public IReadOnlyList<PairLocalization> Localize(RgbImage image, IReadOnlyList<AudioClip> sounds)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        // The picture's front end (libtorch's bicubic resize) runs on another thread while this one makes the
        // spectrograms (C#): a millisecond or two each, and the encoders wait for both.
        var pictureAlone = Task.Run(() =>
        {
            using var workerMode = inference_mode();
            return _images.ToTensor(image);
        });
        IReadOnlyList<(int[] Indices, Tensor Batch)> groups;
        try
        {
            groups = Audio.SpectrogramBatch.Groups(_audio, sounds);
        }
        catch
        {
            // A sound the front end refuses: the picture's tensor is not left to the finalizer (nor its task's fault unobserved).
            try
            {
                pictureAlone.GetAwaiter().GetResult().Dispose();
            }
            catch (Exception)
            {
                // The sound's error is the one to report.
            }
            throw;
        }
        using var resized = pictureAlone.GetAwaiter().GetResult();
        var picture = resized.unsqueeze(0);
        var (vision, first) = Encode(picture, groups[0].Batch);
        var audio = Audio.SpectrogramBatch.InSoundOrder(groups, groups.Skip(1).Select(g => _backends.Encode(null, g.Batch).Audio!).Prepend(first).ToList());
        var maps = SoundLocalizationModel.AllLocalizationMaps(vision, audio, Options.CentredMaps);
        if (Options.FlipAverage)
        {
            maps = Average(maps, SoundLocalizationModel.AllLocalizationMaps(MirroredVision(picture), audio, Options.CentredMaps).flip(3));
        }
        maps = maps[0];
        var semantic = _model.HasProjections ? _model.SemanticScores(vision, audio)[0] : null;
        var results = new List<PairLocalization>(sounds.Count);
        for (var k = 0; k < sounds.Count; k++)
        {
            results.Add(Describe(image, sounds[k], maps[k], semantic?[k].item<float>()));
        }
        return results;
    }

    /// <summary>Pairs (picture i with sound i), batched through the model; one batch per sound length where they differ.</summary>
    public IReadOnlyList<PairLocalization> LocalizePairs(IReadOnlyList<(RgbImage Image, AudioClip Sound)> pairs)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var results = new PairLocalization[pairs.Count];
        foreach (var (indices, spectrograms) in Audio.SpectrogramBatch.Groups(_audio, pairs.Select(p => p.Sound).ToList()))
        {
            var pictures = _images.ToBatch(indices.Select(i => pairs[i].Image).ToList());
            var (vision, audio) = Encode(pictures, spectrograms);
            var maps = SoundLocalizationModel.LocalizationMapFromFeatures(vision, audio, Options.CentredMaps);
            if (Options.FlipAverage)
            {
                maps = Average(maps, SoundLocalizationModel.LocalizationMapFromFeatures(MirroredVision(pictures), audio, Options.CentredMaps).flip(3));
            }
            Tensor? semantic = null;
            if (_model.HasProjections)
            {
                semantic = (_model.ImageEmbedding(vision) * _model.AudioEmbedding(audio)).sum(1);
            }
            for (var j = 0; j < indices.Length; j++)
            {
                results[indices[j]] = Describe(pairs[indices[j]].Image, pairs[indices[j]].Sound, maps[j, 0], semantic?[j].item<float>());
            }
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
        var groups = sounds.Count > 0 ? Audio.SpectrogramBatch.Groups(_audio, sounds) : null;
        var (vision, audio) = _backends.Encode(imageBatch, groups?[0].Batch);
        if (groups is not null)
        {
            audio = Audio.SpectrogramBatch.InSoundOrder(groups, groups.Skip(1).Select(g => _backends.Encode(null, g.Batch).Audio!).Prepend(audio!).ToList());
        }
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
    public BackendChoice ChoiceFor(int batch) => _backends.ChoiceFor(batch);

    /// <inheritdoc cref="TowerBackends.AvailableBackends"/>
    public static IReadOnlyList<InferenceBackend> AvailableBackends() => TowerBackends.AvailableBackends();

    /// <inheritdoc cref="TowerBackends.BackendVariable"/>
    public const string BackendVariable = TowerBackends.BackendVariable;

    /// <inheritdoc cref="TowerBackends.ForcedByEnvironment"/>
    public static InferenceBackend? ForcedByEnvironment(string? value) => TowerBackends.ForcedByEnvironment(value);

    /// <summary>Raw vision maps and audio vectors from the backend chosen for this batch.</summary>
    private (Tensor Vision, Tensor Audio) Encode(Tensor images, Tensor spectrograms)
    {
        var (vision, audio) = _backends.Encode(images, spectrograms);
        return (vision!, audio!);
    }

    /// <summary>Raw vision maps of the pictures [B, 3, H, W] mirrored left to right (<see cref="LocalizerOptions.FlipAverage"/>).</summary>
    private Tensor MirroredVision(Tensor pictures) => _backends.Encode(pictures.flip(3), null).Vision!;

    /// <summary>The mean of two maps; the half is an explicit scalar kept alive over the call (an implicit one is left to the finalizer).</summary>
    private static Tensor Average(Tensor a, Tensor b)
    {
        using var half = 0.5.ToScalar();
        return (a + b).mul_(half);
    }

    public float[] EvaluationMapOf(float[] raw, int height, int width) =>
        PairDescription.EvaluationMap(raw, height, width, Options.EvaluationSize, Options.Upsample, MapNormalizationRule.OneMinusNormalizedNegative);

    private PairLocalization Describe(RgbImage image, AudioClip sound, Tensor map, double? semantic) =>
        PairDescription.Of(image, sound, map, Options.EvaluationSize, Options.Upsample, MapNormalizationRule.OneMinusNormalizedNegative, semantic);

    public void Dispose()
    {
        _backends.Dispose();
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }
}
