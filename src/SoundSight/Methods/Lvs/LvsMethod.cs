using SoundSight.Evaluation;
using SoundSight.Localization;
using SoundSight.Maps;
using SoundSight.Methods.Ours;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Methods.Lvs;

/// <summary>
/// LVS (Chen et al., CVPR 2021) as test.py runs it: the same AVENet, front ends and validate_lvs as ours; its
/// checkpoint is a DataParallel state_dict in 'model_state_dict' ('module.' keys), loaded strictly after
/// model_dict.update, so it holds exactly AVENet's keys.
/// </summary>
public sealed class LvsMethod : AvenetMethod
{
    public override string Name => "lvs";

    public override string Title => "LVS (Chen et al. 2021)";

    public override int Order => 10;

    public override int Specificity => 2;

    public override KeyRules Keys { get; } = new()
    {
        Containers = ["model_state_dict"],
        ModulePrefix = ModulePrefixRule.Required,
        OptionalPrefixes = Models.SoundLocalizationModel.ProjectionPrefixes,
        AbsentPrefixes = Models.SoundLocalizationModel.ProjectionPrefixes,
    };

    public override MapRules Rules(BenchmarkPreset? preset) => MapRules.Official(preset?.Upsample ?? UpsampleMode.AlignCorners);

    public override LocalizerOptions Configure(LocalizerOptions options, BenchmarkPreset? preset) =>
        preset is null ? options : options with { Upsample = preset.Upsample };
}
