using SoundSight.Audio;
using SoundSight.Checkpoints;
using SoundSight.Localization;
using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Methods.Ours;

/// <summary>
/// Methods whose network is the authors' AVENet (SSLalignment model_lvs.AVENet: two ResNet-18s with layer4 stride 1,
/// map = cosine of the channel-normalised vision map with the max-pooled audio vector): ours, LVS and SSL-TIE.
/// They differ in checkpoint rules, audio front end and upsampling; all run through <see cref="Localizer"/> and
/// its fast CPU backends.
/// </summary>
public abstract class AvenetMethod : LocalizationMethod
{
    public override bool HasGlobalEmbeddings => true;

    public override nn.Module CreateModel(MethodOptions options) => new SoundLocalizationModel(ParameterInit.Loaded);

    /// <summary>
    /// Whether the method hears any clip through the authors' spectrogram (ours, LVS), as a video's sliding windows
    /// need: SSL-TIE's front end reads each sound file itself, which a window cut from a video's track is not.
    /// </summary>
    public bool HearsAnyClip => AudioFrontEnd(new LocalizerOptions()) is null;

    /// <summary>The audio front end for these options (null: the authors' spectrogram of the options' window).</summary>
    protected virtual ISpectrogramSource? AudioFrontEnd(LocalizerOptions options) => null;

    public override IPairLocalizer Open(string checkpoint, LocalizerOptions options, MethodOptions methodOptions, out CheckpointReport report) =>
        OpenAvenet(checkpoint, options, out report);

    /// <summary>As <see cref="Open"/>, typed: retrieval and video need the AVENet localizer itself.</summary>
    public Localizer OpenAvenet(string checkpoint, LocalizerOptions options, out CheckpointReport report)
    {
        var model = new SoundLocalizationModel(ParameterInit.Loaded);
        try
        {
            report = LoadChecked(model, checkpoint);
            return new Localizer(model, options, audioFrontEnd: AudioFrontEnd(options));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public override IPairLocalizer Wrap(nn.Module model, LocalizerOptions options, bool ownsModel = true) =>
        new Localizer((SoundLocalizationModel)model, options, ownsModel, AudioFrontEnd(options));
}
