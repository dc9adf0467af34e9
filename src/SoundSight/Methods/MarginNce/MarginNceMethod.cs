using SoundSight.Audio;
using SoundSight.Localization;
using SoundSight.Methods.EzVsl;
using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Methods.MarginNce;

/// <summary>
/// MarginNCE (Park et al., ICASSP 2024): trained differently, evaluated exactly as EZ-VSL (test.py builds
/// EZVSL(0.03, 512) for a file named 'margin' and scores it with the same loader and validate).
/// </summary>
public sealed class MarginNceMethod : EzVslFamilyMethod
{
    public override string Name => "margin";

    public override string Title => "MarginNCE (Park et al. 2024)";

    public override int Order => 40;

    public override nn.Module CreateModel(MethodOptions options) => new EzVslNetwork(init: ParameterInit.Loaded);

    protected override ISpectrogramSource AudioFrontEnd(LocalizerOptions options) => EzVslAudio.Centred(options.Window.ClipSeconds);
}
