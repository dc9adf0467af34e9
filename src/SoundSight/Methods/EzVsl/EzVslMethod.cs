using SoundSight.Audio;
using SoundSight.Localization;
using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Methods.EzVsl;

/// <summary>
/// EZ-VSL (Mo and Morgado, ECCV 2022) as test.py runs it: model.EZVSL(0.03, 512) and datasets.get_test_dataset's
/// audio (the clip through PyAV, tiled to its length, rolled to its centre, scipy spectrogram with noverlap 274,
/// log, centre crop to 257 x 200, / 12).
/// </summary>
public sealed class EzVslMethod : EzVslFamilyMethod
{
    public override string Name => "ezvsl";

    public override string Title => "EZ-VSL (Mo and Morgado 2022)";

    public override int Order => 30;

    /// <summary>MarginNCE and FNAC checkpoints have the same keys; test.py falls back to EZVSL for unnamed files.</summary>
    public override int Specificity => 1;

    public override nn.Module CreateModel(MethodOptions options) => new EzVslNetwork(init: ParameterInit.Loaded);

    protected override ISpectrogramSource AudioFrontEnd(LocalizerOptions options) => EzVslAudio.Centred(options.Window.ClipSeconds);
}
