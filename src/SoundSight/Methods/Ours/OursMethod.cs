using SoundSight.Evaluation;
using SoundSight.Localization;
using SoundSight.Maps;
using SoundSight.Models;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Methods.Ours;

/// <summary>
/// The authors' method (Senocak et al., TPAMI 2025): AVENet weights from 'model_state_dict' (test.py's 'ours'
/// branch loads with strict=False, so the training model's extra keys are ignored and the projection heads, used
/// for s_A, are optional); the authors' spectrogram of the [3.5, 6.5) s window; validate_lvs's upsampling (cv2 on
/// VGG-SS, align-corners elsewhere) and 1 - normalize_img(-map). SoundSight's own checkpoints (safetensors, or
/// any container) load the same way.
/// </summary>
public sealed class OursMethod : AvenetMethod
{
    public override string Name => "ours";

    public override string Title => "Ours (Senocak et al. 2025)";

    public override int Order => 100;

    public override KeyRules Keys { get; } = new()
    {
        Containers = ["model_state_dict", "state_dict", "model", null],
        OptionalPrefixes = SoundLocalizationModel.ProjectionPrefixes,
        IgnoresExtraKeys = true,
    };

    public override MapRules Rules(BenchmarkPreset? preset) => MapRules.Official(preset?.Upsample ?? UpsampleMode.AlignCorners);

    /// <summary>Outside a benchmark the caller's --upsample stands.</summary>
    public override LocalizerOptions Configure(LocalizerOptions options, BenchmarkPreset? preset) =>
        preset is null ? options : options with { Upsample = preset.Upsample };
}
