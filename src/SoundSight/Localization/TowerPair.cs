using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Localization;

/// <summary>
/// The two ResNet-18 towers of a two-tower model as the inference backends need them: libtorch's own forward of
/// each (vision map [B, 512, h, w]; audio vector [B, 512], the tower's map max-pooled), and BatchNorm-folded
/// copies of their current weights, which the ONNX graph and the Winograd towers are built from.
/// </summary>
/// <param name="Architecture">Names the towers' shapes in the backend-choice cache key (a choice measured for one
/// architecture says nothing of another).</param>
public sealed record TowerPair(
    string Architecture,
    Func<FoldedResNet18> FoldVision,
    Func<FoldedResNet18> FoldAudio,
    Func<Tensor, Tensor> VisionMap,
    Func<Tensor, Tensor> AudioVector)
{
    /// <summary>The authors' AVENet encoders (layer4 unstrided).</summary>
    public static TowerPair Of(SoundLocalizationModel model) => new(
        "avenet",
        () => new FoldedResNet18(model.VisionEncoder),
        () => new FoldedResNet18(model.AudioEncoder),
        model.VisionMap,
        model.AudioVector);
}
