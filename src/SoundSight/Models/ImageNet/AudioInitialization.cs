namespace SoundSight.Models.ImageNet;

/// <summary>
/// The audio encoder's starting weights, as a recipe names them (audio_init): "scratch" (the authors' choice: keep
/// what the model has) or "imagenet" (a deviation: the package's ImageNet ResNet-18 with its stem summed over the
/// colour channels, <see cref="ImageNetWeights.AudioStateDict"/>). ImageNet-initialised spectrogram CNNs learn
/// sound classes from far fewer examples than random ones, which is what a short CPU run needs.
/// </summary>
public static class AudioInitialization
{
    public const string Scratch = "scratch";
    public const string ImageNet = "imagenet";

    public static bool IsValid(string spec) => spec is Scratch or ImageNet;

    /// <summary>Loads the weights into <paramref name="encoder"/>; returns a line saying what was loaded.</summary>
    public static string Apply(ResNet18Encoder encoder, string spec)
    {
        if (encoder.Modality != Modality.Audio)
        {
            throw new ArgumentException("audio_init applies to the audio encoder", nameof(encoder));
        }
        if (spec == Scratch)
        {
            return "audio encoder: from scratch";
        }
        var files = ImageNetModelFiles.Locate();
        ImageNetWeights.Apply(encoder, ImageNetResNet18.Load(files));
        return $"audio encoder: ImageNet ResNet-18 of {ImageNetModelFiles.PackageId} {ImageNetModelFiles.PackageVersion} (stem summed over the colour channels; layer4.2 dropped)";
    }
}
