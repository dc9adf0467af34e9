using SoundSight.Audio;
using SoundSight.Localization;
using SoundSight.Methods.AudioFrontEnds;
using SoundSight.Methods.EzVsl;
using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Methods.Fnac;

/// <summary>
/// FNAC (Sun et al., CVPR 2023): model.FNAC(0.03, 512, 0, 0), whose evaluation forward is EZ-VSL's (its dropouts
/// are the identity and hold no weights, so its checkpoints have EZ-VSL's keys); audio from
/// datasets.get_test_dataset_fnac: 3 s around the clip's middle, no roll, no crop.
/// </summary>
public sealed class FnacMethod : EzVslFamilyMethod
{
    public override string Name => "fnac";

    public override string Title => "FNAC (Sun et al. 2023)";

    public override int Order => 60;

    /// <summary>load_spectrogram_fnac: 3 s around the file's middle.</summary>
    public override double SecondsHeard(LocalizerOptions options) => FnacAudioFrontEnd.ClipSeconds;

    public override nn.Module CreateModel(MethodOptions options) => new EzVslNetwork(init: ParameterInit.Loaded);

    protected override ISpectrogramSource AudioFrontEnd(LocalizerOptions options) => EzVslAudio.MiddleThreeSeconds();
}
