using SoundSight.Localization;
using SoundSight.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SoundSight.Methods.EzVsl;

/// <summary>
/// torchvision's resnet18 as EZ-VSL's towers use it (SSLalignment model.py): conv1 (3 channels for pictures, 1 for
/// spectrograms), bn1, relu, maxpool, layer1..layer4 with layer4 at stride 2 (7 x 7 at 224 px); fc replaced by
/// Identity, so the state_dict has no fc keys. <see cref="forward"/> stops after layer4; the audio tower's
/// AdaptiveMaxPool2d is the caller's.
/// </summary>
public sealed class TorchvisionResNet18 : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are state_dict keys and must match PyTorch's.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
#pragma warning restore IDE1006

    /// <param name="init">How the convolution weights start (<see cref="ParameterInit.Loaded"/>: the caller loads them all).</param>
    public TorchvisionResNet18(int inputChannels, ParameterInit init = ParameterInit.Random) : base(nameof(TorchvisionResNet18))
    {
        conv1 = Convolutions.Create(inputChannels, 64, 7, 2, 3, init);
        bn1 = nn.BatchNorm2d(64);
        layer1 = Stage(64, 64, 1, init);
        layer2 = Stage(64, 128, 2, init);
        layer3 = Stage(128, 256, 2, init);
        layer4 = Stage(256, 512, 2, init);
        RegisterComponents();
    }

    /// <summary>layer4's map [B, 512, h, w].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.max_pool2d(nn.functional.relu(bn1.forward(conv1.forward(x))), kernel_size: 3, stride: 2, padding: 1);
        h = layer4.forward(layer3.forward(layer2.forward(layer1.forward(h))));
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// AdaptiveMaxPool2d((1, 1)) then flatten, as the audio tower's avgpool and its forward's torch.flatten:
    /// the [B, 512] vector the audio projection reads.
    /// </summary>
    public static Tensor MaxPooled(TorchvisionResNet18 audio, Tensor spectrograms)
    {
        using var scope = NewDisposeScope();
        return audio.forward(spectrograms).amax([2, 3]).MoveToOuterDisposeScope();
    }

    /// <summary>A vision and an audio tower as the inference backends run them.</summary>
    public static TowerPair Pair(TorchvisionResNet18 vision, TorchvisionResNet18 audio) => new(
        "torchvision-resnet18",
        () => vision.Folded(),
        () => audio.Folded(),
        vision.forward,
        s => MaxPooled(audio, s));

    /// <summary>A BatchNorm-folded copy of the current weights.</summary>
    public FoldedResNet18 Folded() => new(state_dict(), "conv1", FoldedResNet18.TorchvisionStrides);

    private static Sequential Stage(int inPlanes, int planes, int stride, ParameterInit init) =>
        nn.Sequential(("0", new BasicBlock(inPlanes, planes, stride, init)), ("1", new BasicBlock(planes, planes, 1, init)));
}
