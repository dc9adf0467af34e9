using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SoundSight.Models;

/// <summary>
/// The authors' ResNet-18 (SSLalignment models_lvs/base_models.py): three stems (conv1 for RGB, conv1_a for a
/// spectrogram, conv1_flow unused but present in their checkpoints), four stages of two basic blocks, layer4 with
/// stride 1 (so a 224-px image gives a 14 x 14 map), and an unused fc kept so that state_dicts load both ways.
/// The forward pass stops after layer4, as theirs does. torchvision's resnet18 cannot express layer4 stride 1.
/// </summary>
public sealed class ResNet18Encoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are state_dict keys and must match PyTorch's.
    private readonly Conv2d conv1_a;
    private readonly Conv2d conv1;
    private readonly Conv2d conv1_flow;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly Linear fc;
#pragma warning restore IDE1006

    /// <param name="modality">Which stem the forward pass uses.</param>
    /// <param name="layer4Stride">1 as the authors' encoder; 2 gives torchvision's resnet18 (7 x 7 at 224 px),
    /// which the object saliency of the official OGL evaluation and the ImageNet parity test use.</param>
    /// <param name="init">How the convolution weights start (<see cref="ParameterInit.Loaded"/>: the caller loads them all).</param>
    public ResNet18Encoder(Modality modality, int layer4Stride = 1, ParameterInit init = ParameterInit.Random) : base(nameof(ResNet18Encoder))
    {
        Modality = modality;
        conv1_a = Convolutions.Create(1, 64, 7, 2, 3, init);
        conv1 = Convolutions.Create(3, 64, 7, 2, 3, init);
        conv1_flow = Convolutions.Create(6, 64, 7, 2, 3, init);
        bn1 = nn.BatchNorm2d(64);
        layer1 = Stage(64, 64, 1, init);
        layer2 = Stage(64, 128, 2, init);
        layer3 = Stage(128, 256, 2, init);
        layer4 = Stage(256, 512, layer4Stride, init);
        fc = nn.Linear(512, 1000);
        RegisterComponents();
    }

    public Modality Modality { get; }

    /// <summary>
    /// The type the encoder computes in: null (float32, the authors') or bfloat16 (<see cref="EncoderPrecision"/>);
    /// the output map is float32 either way.
    /// </summary>
    public ScalarType? ComputeType
    {
        get => _computeType;
        set
        {
            _computeType = value;
            foreach (var block in new[] { layer1, layer2, layer3, layer4 }.SelectMany(stage => stage.children()).Cast<BasicBlock>())
            {
                block.ComputeType = value;
            }
        }
    }

    private ScalarType? _computeType;

    /// <summary>Channels of the output map.</summary>
    public const int Channels = 512;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = layer4.forward(layer3.forward(layer2.forward(layer1.forward(Stem(x)))));
        return Float32(h).MoveToOuterDisposeScope();
    }

    /// <summary>The outputs of layer1 to layer4 (caller disposes), for feature comparisons.</summary>
    public Tensor[] StageOutputs(Tensor x)
    {
        using var scope = NewDisposeScope();
        var outputs = new Tensor[4];
        var h = Stem(x);
        Sequential[] stages = [layer1, layer2, layer3, layer4];
        for (var i = 0; i < stages.Length; i++)
        {
            h = stages[i].forward(h);
            outputs[i] = Float32(h);
        }
        foreach (var o in outputs)
        {
            o.MoveToOuterDisposeScope();
        }
        return outputs;
    }

    private Tensor Stem(Tensor x)
    {
        var stem = Modality == Modality.Audio ? conv1_a : conv1;
        var type = _computeType;
        var input = type is { } t ? x.to(t) : x;
        var h = nn.functional.relu(EncoderPrecision.Normalize(bn1, EncoderPrecision.Convolve(stem, input, type), type));
        return nn.functional.max_pool2d(h, kernel_size: 3, stride: 2, padding: 1);
    }

    private Tensor Float32(Tensor h) => _computeType is null ? h : h.to(ScalarType.Float32);

    private static Sequential Stage(int inPlanes, int planes, int stride, ParameterInit init) =>
        nn.Sequential(("0", new BasicBlock(inPlanes, planes, stride, init)), ("1", new BasicBlock(planes, planes, 1, init)));
}
