using SoundSight.Audio;
using SoundSight.Checkpoints;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Maps;
using SoundSight.Protocol;
using static TorchSharp.torch;
using UpsampleMode = SoundSight.Maps.UpsampleMode;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Methods.EzVsl;

/// <summary>
/// What test.py does for every method it scores with `validate` (EZ-VSL, MarginNCE, SLAVC, FNAC): weights from
/// ckpt['model'] with 'module.' removed, loaded strictly; the picture through datasets.py's transform (the same
/// tensor bicubic resize as the authors'); maps F.interpolate'd with align_corners=True on every benchmark (VGG-SS
/// too) and normalised plainly, pred = normalize_img(map); OGL's saliency upsampled the same way and also normalised
/// plainly. The network is fixed at 224 px (its forward unflattens a 7 x 7 map).
/// </summary>
public abstract class EzVslFamilyMethod : LocalizationMethod
{
    private static readonly MapRules Validate = new(UpsampleMode.AlignCorners, MapNormalizationRule.Plain, UpsampleMode.AlignCorners, MapNormalizationRule.Plain) { Libtorch = true };

    public override KeyRules Keys { get; } = new() { Containers = ["model"] };

    public override MapRules Rules(BenchmarkPreset? preset) => Validate;

    /// <summary>load_spectrogram: the whole clip (the file's first 10 s, tiled when shorter; AVSBench 5 s).</summary>
    public override double SecondsHeard(LocalizerOptions options) => options.Window.ClipSeconds;

    /// <summary>This method's audio front end for the options' clip length (10 s; AVSBench 5 s).</summary>
    protected abstract ISpectrogramSource AudioFrontEnd(LocalizerOptions options);

    public override IPairLocalizer Open(string checkpoint, LocalizerOptions options, MethodOptions methodOptions, out CheckpointReport report)
    {
        CheckOptions(options);
        var model = CreateModel(methodOptions);
        try
        {
            report = LoadChecked(model, checkpoint);
            return new NetworkLocalizer(model, AudioFrontEnd(options), options, Validate);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public override IPairLocalizer Wrap(nn.Module model, LocalizerOptions options, bool ownsModel = true)
    {
        CheckOptions(options);
        return new NetworkLocalizer(model, AudioFrontEnd(options), options, Validate, ownsModel);
    }

    private void CheckOptions(LocalizerOptions options)
    {
        if (options.CentredMaps || options.FlipAverage)
        {
            throw new InputException(Setting.Mention(options.CentredMaps ? Setting.CentredMaps : Setting.FlipAverage),
                $"{Title} runs as its own network; centred and flip-averaged maps apply to the AVENet methods (ours, LVS, SSL-TIE) and to models SoundSight trains");
        }
        if (options.ImageSize != OfficialProtocol.ImageSize)
        {
            throw new InputException(Setting.Mention(Setting.ImageSize), $"{Title} runs at {OfficialProtocol.ImageSize} px only (its forward unflattens a 7 x 7 map)");
        }
    }
}
