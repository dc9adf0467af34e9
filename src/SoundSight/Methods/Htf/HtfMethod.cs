using SoundSight.Checkpoints;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Maps;
using static TorchSharp.torch;
using UpsampleMode = SoundSight.Maps.UpsampleMode;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Methods.Htf;

/// <summary>
/// HTF (Gao et al., CVPR 2023 "hear the flow"): no model in test.py, only its precomputed 224 x 224 maps (one .npy per
/// entry) that validate_htf scores as pred = 1 - normalize_img(-map), with OGL's saliency resized by cv2 (half-pixel)
/// on every benchmark. Its "checkpoint" is the folder of maps (evaluate --predictions, compare --checkpoint DIR).
/// </summary>
public sealed class HtfMethod : LocalizationMethod
{
    private static readonly MapRules Validate = new(UpsampleMode.HalfPixel, MapNormalizationRule.OneMinusNormalizedNegative, UpsampleMode.HalfPixel, MapNormalizationRule.OneMinusNormalizedNegative);

    public override string Name => "htf";

    public override string Title => "HTF (Gao et al. 2023)";

    public override int Order => 70;

    public override bool HasModel => false;

    /// <summary>validate_htf: np.load, then 1 - normalize_img(-map) in the map's precision.</summary>
    public override Func<string, BenchmarkEntry, PredictionMap>? SavedMapReader => (folder, entry) => HtfPredictionLoader.Load(folder, entry.Name);

    /// <summary>No checkpoint ever fits: HTF has no weights.</summary>
    public override KeyRules Keys { get; } = new() { Containers = [] };

    public override MapRules Rules(BenchmarkPreset? preset) => Validate;

    public override nn.Module CreateModel(MethodOptions options) => throw NoModel("htf");

    public override IPairLocalizer Open(string checkpoint, LocalizerOptions options, MethodOptions methodOptions, out CheckpointReport report) => throw NoModel(checkpoint);

    public override IPairLocalizer Wrap(nn.Module model, LocalizerOptions options, bool ownsModel = true) => throw NoModel("htf");

    private static InputException NoModel(string where) =>
        new(where, $"HTF has no model in the official code, only precomputed maps: give the folder of its .npy maps (evaluate {Setting.Mention(Setting.Method)} htf {Setting.Mention(Setting.Predictions)} DIR, compare {Setting.Mention(Setting.Checkpoint)} DIR)");
}
