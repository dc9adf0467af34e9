using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.Localization;
using SoundSight.Maps;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Methods;

/// <summary>
/// The localizer of a competing method: its image and audio front ends, its <see cref="IMapNetwork"/> (TorchSharp,
/// on the configured device), and its map rules. One picture with several sounds is encoded once. On the CPU the
/// towers of an <see cref="ITowerNetwork"/> run on the backend <see cref="TowerBackends"/> picks (forced by
/// <see cref="LocalizerOptions.Backend"/>, or the fastest measured here), the heads in libtorch.
/// </summary>
public sealed class NetworkLocalizer : IPairLocalizer
{
    private readonly nn.Module _module;
    private readonly IMapNetwork _network;
    private readonly ImageFrontEnd _images;
    private readonly ISpectrogramSource _audio;
    private readonly MapRules _rules;
    private readonly Device _device;
    private readonly bool _ownsModel;
    private readonly TowerBackends? _backends;

    /// <param name="network">An nn.Module implementing <see cref="IMapNetwork"/>.</param>
    public NetworkLocalizer(nn.Module network, ISpectrogramSource audio, LocalizerOptions options, MapRules rules, bool ownsModel = true)
    {
        _module = network;
        _network = (IMapNetwork)network;
        _audio = audio;
        Options = options;
        _rules = rules;
        _ownsModel = ownsModel;
        _images = new ImageFrontEnd(options.ImageSize);
        _device = Runtime.ComputeDevice.Resolve(options.Device);
        _module.eval();
        if (_device.type != DeviceType.CPU)
        {
            _module.to(_device);
        }
        else if (network is ITowerNetwork towers)
        {
            _backends = new TowerBackends(towers.Towers, options, audio, _device);
        }
    }

    /// <summary>The backend that runs a batch of <paramref name="batch"/> items (libtorch as the module runs it, off the CPU or for networks without towers).</summary>
    public BackendChoice ChoiceFor(int batch) =>
        _backends?.ChoiceFor(batch) ?? new BackendChoice(InferenceBackend.Torch, BackendChoiceSource.Device, BackendChoiceKey.BatchClass(Math.Max(1, batch)), new Dictionary<InferenceBackend, double>());

    public LocalizerOptions Options { get; }

    /// <summary>
    /// One map per sound on the picture, which is encoded once. Sounds of different lengths (a front end that reads
    /// each file at its own rate) are encoded in one batch per length, as one at a time would.
    /// </summary>
    public IReadOnlyList<PairLocalization> Localize(RgbImage image, IReadOnlyList<AudioClip> sounds)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var groups = Audio.SpectrogramBatch.Groups(_audio, sounds);
        var (vision, audio) = Encode(_images.ToTensor(image).unsqueeze(0), groups[0].Batch);
        audio = Audio.SpectrogramBatch.InSoundOrder(groups, groups.Skip(1).Select(g => EncodeSounds(g.Batch)).Prepend(audio).ToList());
        var maps = _network.AllMaps(vision, audio).cpu()[0];
        return sounds.Select((s, k) => Describe(image, s, maps[k])).ToList();
    }

    /// <summary>Each picture with its own sound; pairs whose sounds differ in length run as one batch per length.</summary>
    public IReadOnlyList<PairLocalization> LocalizePairs(IReadOnlyList<(RgbImage Image, AudioClip Sound)> pairs)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var results = new PairLocalization[pairs.Count];
        foreach (var (indices, spectrograms) in Audio.SpectrogramBatch.Groups(_audio, pairs.Select(p => p.Sound).ToList()))
        {
            var (vision, audio) = Encode(_images.ToBatch(indices.Select(i => pairs[i].Image).ToList()), spectrograms);
            var maps = _network.PairMaps(vision, audio).cpu();
            for (var j = 0; j < indices.Length; j++)
            {
                results[indices[j]] = Describe(pairs[indices[j]].Image, pairs[indices[j]].Sound, maps[j]);
            }
        }
        return results;
    }

    /// <summary>The method's encoder inputs for several sounds: [B, 1, F, T].</summary>
    public Tensor SpectrogramBatch(IReadOnlyList<AudioClip> sounds) => Audio.SpectrogramBatch.Of(_audio, sounds);

    /// <summary>The features the maps are computed from: towers on the chosen backend and heads, or the module as it is.</summary>
    private (Tensor Vision, Tensor Audio) Encode(Tensor images, Tensor spectrograms)
    {
        if (_backends is not null)
        {
            var towers = (ITowerNetwork)_network;
            var (visionMap, audioVector) = _backends.Encode(images, spectrograms);
            return (towers.VisionFeatures(visionMap!), towers.SoundFeatures(audioVector!));
        }
        return (_network.EncodeImages(OnDevice(images)), _network.EncodeSounds(OnDevice(spectrograms)));
    }

    /// <summary>The sound features alone (a further group of <see cref="Localize"/>'s sounds).</summary>
    private Tensor EncodeSounds(Tensor spectrograms)
    {
        if (_backends is not null)
        {
            var (_, audioVector) = _backends.Encode(null, spectrograms);
            return ((ITowerNetwork)_network).SoundFeatures(audioVector!);
        }
        return _network.EncodeSounds(OnDevice(spectrograms));
    }

    private Tensor OnDevice(Tensor t) => _device.type == DeviceType.CPU ? t : t.to(_device);

    public float[] EvaluationMapOf(float[] raw, int height, int width) =>
        PairDescription.EvaluationMap(raw, height, width, Options.EvaluationSize, _rules.Upsample, _rules.Normalization, _rules.Libtorch);

    private PairLocalization Describe(RgbImage image, AudioClip sound, Tensor map) =>
        PairDescription.Of(image, sound, map, Options.EvaluationSize, _rules.Upsample, _rules.Normalization, null, _rules.Libtorch);

    public void Dispose()
    {
        _backends?.Dispose();
        if (_ownsModel)
        {
            _module.Dispose();
        }
    }
}
