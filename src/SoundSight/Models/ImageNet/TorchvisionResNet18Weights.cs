using SoundSight.Checkpoints;

namespace SoundSight.Models.ImageNet;

/// <summary>
/// A torchvision resnet18 state_dict (.pth or safetensors, e.g. torchvision's resnet18-f37072fd.pth that the user
/// downloaded elsewhere) loaded into a vision encoder by key name, as the authors' train.py does with
/// load_state_dict(strict=False): conv1, bn1 and layer1-4 must all be there; the audio and flow stems keep their
/// weights, and fc is taken when present.
/// </summary>
public static class TorchvisionResNet18Weights
{
    private static readonly string[] NotInTorchvision = ["conv1_a.", "conv1_flow.", "fc."];

    public static CheckpointReport Load(ResNet18Encoder encoder, string path) => CheckpointLoader.Load(encoder, path, NotInTorchvision);
}
