using SoundSight.Audio;
using SoundSight.Checkpoints;
using SoundSight.Imaging;
using SoundSight.Models;
using SoundSight.Models.Onnx;
using SoundSight.Models.Winograd;
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
    private readonly IInferenceTower? _visionTower;
    private readonly IInferenceTower? _audioTower;
    private readonly OnnxEncoder? _onnx;
    private readonly Device _device;

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
        _device = Runtime.ComputeDevice.Resolve(Options.Device);
        if (_device.type != DeviceType.CPU)
        {
            // Only the encoders move: their outputs come back to the CPU, where the heads and the maps are.
            model.VisionEncoder.to(_device);
            model.AudioEncoder.to(_device);
        }
        var threads = Options.Threads ?? Environment.ProcessorCount;
        if (Options.Backend == InferenceBackend.Onnx && _device.type == DeviceType.CPU)
        {
            // ONNX Runtime always runs the folded graph (folding is how its weights are laid out).
            using var vision = new FoldedResNet18(model.VisionEncoder);
            using var audio = new FoldedResNet18(model.AudioEncoder);
            _onnx = new OnnxEncoder(vision, audio, threads);
        }
        else if (Options.Backend == InferenceBackend.Winograd && _device.type == DeviceType.CPU)
        {
            // Winograd towers are built from the folded weights, like the ONNX graph.
            using var vision = new FoldedResNet18(model.VisionEncoder);
            using var audio = new FoldedResNet18(model.AudioEncoder);
            _visionTower = new WinogradResNet18(vision, threads);
            _audioTower = new WinogradResNet18(audio, threads);
        }
        else if (Options.FoldBatchNorm)
        {
            _visionTower = new FoldedResNet18(model.VisionEncoder);
            _audioTower = new FoldedResNet18(model.AudioEncoder);
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
        // The ONNX graph takes both inputs: an empty side gets one blank item whose output is dropped.
        var imageBatch = images.Count > 0 ? _images.ToBatch(images) : zeros(1, 3, Options.ImageSize, Options.ImageSize);
        var soundBatch = sounds.Count > 0 ? SpectrogramBatch(sounds) : zeros(1, 1, _audio.FrequencyBins, _audio.Frames);
        if (_onnx is null)
        {
            // TorchSharp encodes only the sides asked for.
            var (vision, audio) = EncodeWithTorch(images.Count > 0 ? imageBatch : null, sounds.Count > 0 ? soundBatch : null);
            return (vision?.MoveToOuterDisposeScope(), audio?.MoveToOuterDisposeScope());
        }
        var (v, a) = _onnx.Forward(imageBatch, soundBatch);
        return (images.Count > 0 ? v.MoveToOuterDisposeScope() : null, sounds.Count > 0 ? a.MoveToOuterDisposeScope() : null);
    }

    /// <summary>The front end's inputs of several sounds as a [B, 1, bins, frames] tensor.</summary>
    public Tensor SpectrogramBatch(IReadOnlyList<AudioClip> sounds) => Audio.SpectrogramBatch.Of(_audio, sounds);

    /// <summary>Raw vision maps and audio vectors from whichever backend is configured.</summary>
    private (Tensor Vision, Tensor Audio) Encode(Tensor images, Tensor spectrograms)
    {
        if (_onnx is not null)
        {
            return _onnx.Forward(images, spectrograms);
        }
        var (vision, audio) = EncodeWithTorch(images, spectrograms);
        return (vision!, audio!);
    }

    /// <summary>
    /// The TorchSharp encoders (folded or as written) on the configured device, each side only when given; inputs
    /// go to the device and outputs come back to the CPU, where the heads and the maps are.
    /// </summary>
    private (Tensor? Vision, Tensor? Audio) EncodeWithTorch(Tensor? images, Tensor? spectrograms)
    {
        Tensor? vision = null, audio = null;
        if (images is not null)
        {
            var onDevice = OnDevice(images);
            vision = OnHost(_visionTower is null ? _model.VisionMap(onDevice) : _visionTower.Forward(onDevice));
        }
        if (spectrograms is not null)
        {
            var onDevice = OnDevice(spectrograms);
            if (_audioTower is null)
            {
                audio = OnHost(_model.AudioVector(onDevice));
            }
            else
            {
                using var audioMap = _audioTower.Forward(onDevice);
                audio = OnHost(audioMap.amax([2, 3]));
            }
        }
        return (vision, audio);
    }

    private Tensor OnDevice(Tensor t) => _device.type == DeviceType.CPU ? t : t.to(_device);

    private Tensor OnHost(Tensor t) => _device.type == DeviceType.CPU ? t : t.cpu();

    private PairLocalization Describe(RgbImage image, AudioClip sound, Tensor map, double? semantic) =>
        PairDescription.Of(image, sound, map, Options.EvaluationSize, Options.Upsample, MapNormalizationRule.OneMinusNormalizedNegative, semantic);

    public void Dispose()
    {
        _visionTower?.Dispose();
        _audioTower?.Dispose();
        _onnx?.Dispose();
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }
}
