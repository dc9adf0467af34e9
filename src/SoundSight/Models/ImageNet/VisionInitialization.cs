using SoundSight.IO;

namespace SoundSight.Models.ImageNet;

/// <summary>
/// The vision encoder's starting weights, as a recipe names them (vision_init): "scratch" (keep what the model
/// has), "imagenet" (the package's ImageNet ResNet-18, mapped by <see cref="ImageNetWeights"/>), or the path of a
/// torchvision resnet18 state_dict the user supplies (the authors' train.py --pretrain 1 loads exactly that).
/// </summary>
public static class VisionInitialization
{
    public const string Scratch = "scratch";
    public const string ImageNet = "imagenet";

    /// <summary>True for the two keywords; anything else is a file path.</summary>
    public static bool IsKeyword(string spec) => spec is Scratch or ImageNet;

    /// <summary>Loads the weights into <paramref name="encoder"/>; returns a line saying what was loaded.</summary>
    public static string Apply(ResNet18Encoder encoder, string spec)
    {
        if (encoder.Modality != Modality.Vision)
        {
            throw new ArgumentException("vision_init applies to the vision encoder", nameof(encoder));
        }
        switch (spec)
        {
            case Scratch:
                return "vision encoder: from scratch";
            case ImageNet:
                var files = ImageNetModelFiles.Locate();
                ImageNetWeights.Apply(encoder, ImageNetResNet18.Load(files));
                return $"vision encoder: ImageNet ResNet-18 of {ImageNetModelFiles.PackageId} {ImageNetModelFiles.PackageVersion} ({files.Network}; layer4.2 dropped, mean image folded into bn1)";
            case "":
                throw new InputException("vision_init", "empty: use scratch, imagenet or the path of a torchvision resnet18 .pth");
            default:
                var report = TorchvisionResNet18Weights.Load(encoder, spec);
                return $"vision encoder: torchvision resnet18 from {spec} ({report.Summary()})";
        }
    }
}
