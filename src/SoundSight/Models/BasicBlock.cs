using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SoundSight.Models;

/// <summary>ResNet basic block; field names are the official state_dict names (conv1, bn1, conv2, bn2, downsample).</summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are state_dict keys and must match PyTorch's.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006

    // downsample's two modules, for the precision-aware forward (a tuple, so not registered a second time).
    private readonly (Conv2d Conv, BatchNorm2d Norm)? _shortcut;

    public BasicBlock(int inPlanes, int planes, int stride, ParameterInit init = ParameterInit.Random) : base(nameof(BasicBlock))
    {
        conv1 = Convolutions.Create(inPlanes, planes, 3, stride, 1, init);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = Convolutions.Create(planes, planes, 3, 1, 1, init);
        bn2 = nn.BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
        {
            _shortcut = (Convolutions.Create(inPlanes, planes, 1, stride, 0, init), nn.BatchNorm2d(planes));
            downsample = nn.Sequential(("0", _shortcut.Value.Conv), ("1", _shortcut.Value.Norm));
        }
        RegisterComponents();
    }

    /// <summary>The type the block computes in (null: float32, the plain modules); see <see cref="EncoderPrecision"/>.</summary>
    public ScalarType? ComputeType { get; set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var type = ComputeType;
        var output = nn.functional.relu(EncoderPrecision.Normalize(bn1, EncoderPrecision.Convolve(conv1, x, type), type));
        output = EncoderPrecision.Normalize(bn2, EncoderPrecision.Convolve(conv2, output, type), type);
        var identity = _shortcut is { } sc ? EncoderPrecision.Normalize(sc.Norm, EncoderPrecision.Convolve(sc.Conv, x, type), type) : x;
        output = nn.functional.relu(output.add_(identity));
        return output.MoveToOuterDisposeScope();
    }
}
