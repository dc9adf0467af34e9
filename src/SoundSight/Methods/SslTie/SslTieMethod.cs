using SoundSight.Audio;
using SoundSight.Evaluation;
using SoundSight.Localization;
using SoundSight.Maps;
using SoundSight.Methods.Ours;
using SoundSight.Models;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Methods.SslTie;

/// <summary>
/// SSL-TIE (Liu et al., ACM MM 2022) as test.py runs it: AVENet_ssltie, whose evaluation map is AVENet's cosine map
/// (same ResNet-18s, heatmap_size 14); its unused vision_fc1, conv3 and norm3 are in the checkpoint (ckpt['state_dict'],
/// loaded strictly into the bare model, so they must be there) and ignored here; datasets_ssltie's torchaudio mel front
/// end; validate_ssltie upsamples the map and OGL's saliency with cv2 (half-pixel) on every benchmark and normalises
/// both as 1 - normalize_img(-x).
/// </summary>
public sealed class SslTieMethod : AvenetMethod
{
    private static readonly MapRules Validate = MapRules.Official(UpsampleMode.HalfPixel);

    public override string Name => "ssltie";

    public override string Title => "SSL-TIE (Liu et al. 2022)";

    public override int Order => 20;

    public override int Specificity => 3;

    public override KeyRules Keys { get; } = new()
    {
        Containers = ["state_dict"],
        OptionalPrefixes = SoundLocalizationModel.ProjectionPrefixes,
        AbsentPrefixes = SoundLocalizationModel.ProjectionPrefixes,
        ExtraRequired = new Dictionary<string, long[]>
        {
            ["vision_fc1.weight"] = [512, 1024, 1, 1],
            ["vision_fc1.bias"] = [512],
            ["conv3.weight"] = [1, 1, 1, 1],
            ["conv3.bias"] = [1],
            ["norm3.weight"] = [1],
            ["norm3.bias"] = [1],
            ["norm3.running_mean"] = [1],
            ["norm3.running_var"] = [1],
            ["norm3.num_batches_tracked"] = [],
        },
    };

    public override MapRules Rules(BenchmarkPreset? preset) => Validate;

    /// <summary>datasets_ssltie: the whole clip (the file's first 10 s, repeated when shorter; AVSBench 5 s).</summary>
    public override double SecondsHeard(LocalizerOptions options) => options.Window.ClipSeconds;

    protected override ISpectrogramSource? AudioFrontEnd(LocalizerOptions options) => new SslTieAudio(options.Window.ClipSeconds);
}
