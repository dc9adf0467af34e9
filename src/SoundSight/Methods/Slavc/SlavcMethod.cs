using SoundSight.Audio;
using SoundSight.Localization;
using SoundSight.Methods.EzVsl;
using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Methods.Slavc;

/// <summary>
/// SLAVC (Mo and Tian, NeurIPS 2022) as test.py runs it: EZ-VSL's loader, front ends and validate with SLAVC's two
/// heads per modality (<see cref="SlavcNetwork"/>); use_mom_eval (<see cref="MethodOptions.UseMomentumEncoders"/>)
/// is off, as test.py builds it.
/// </summary>
public sealed class SlavcMethod : EzVslFamilyMethod
{
    public override string Name => "slavc";

    public override string Title => "SLAVC (Mo and Tian 2022)";

    public override int Order => 50;

    public override nn.Module CreateModel(MethodOptions options) => new SlavcNetwork(options.UseMomentumEncoders, init: ParameterInit.Loaded);

    protected override ISpectrogramSource AudioFrontEnd(LocalizerOptions options) => EzVslAudio.Centred(options.Window.ClipSeconds);
}
