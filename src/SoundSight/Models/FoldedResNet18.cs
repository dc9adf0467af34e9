using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Models;

/// <summary>
/// An inference-only copy of a <see cref="ResNet18Encoder"/> with every BatchNorm folded into the convolution
/// before it (w' = w * gamma / sqrt(var + eps), b' = beta - mean * gamma / sqrt(var + eps)). It computes the same
/// function in eval mode with fewer passes over memory; results differ from the unfolded encoder only by float
/// rounding (measured below 1e-5 on the cosine map). Weights are copied: later changes to the source are not seen.
/// </summary>
public sealed class FoldedResNet18 : IInferenceTower
{
    private const double BatchNormEps = 1e-5;

    private readonly (Tensor Weight, Tensor Bias) _stem;
    private readonly Block[] _blocks;

    internal sealed record Block((Tensor Weight, Tensor Bias) Conv1, (Tensor Weight, Tensor Bias) Conv2, (Tensor Weight, Tensor Bias)? Downsample, int Stride);

    /// <summary>The authors' encoder: stem conv1 (conv1_a for audio), layer4 at stride 1.</summary>
    public FoldedResNet18(ResNet18Encoder encoder)
        : this(encoder.state_dict(), encoder.Modality == Modality.Audio ? "conv1_a" : "conv1", AvenetStrides)
    {
    }

    /// <summary>
    /// Any ResNet-18 laid out as torchvision's (bn1 after the stem, layerN.M.conv1/bn1/conv2/bn2, downsample.0/1)
    /// from its state_dict: <paramref name="stem"/> names the stem convolution, <paramref name="layerStrides"/> the
    /// stride of each layer's first block (torchvision's [1, 2, 2, 2]; the authors' AVENet keeps layer4 at 1).
    /// </summary>
    public FoldedResNet18(IDictionary<string, Tensor> state, string stem, IReadOnlyList<int> layerStrides)
    {
        if (layerStrides.Count != 4)
        {
            throw new ArgumentException("a ResNet-18 has four layers", nameof(layerStrides));
        }
        _stem = Fold(state, $"{stem}.weight", "bn1");
        var blocks = new List<Block>();
        for (var layer = 1; layer <= 4; layer++)
        {
            for (var b = 0; b < 2; b++)
            {
                var p = $"layer{layer}.{b}";
                var down = state.ContainsKey($"{p}.downsample.0.weight") ? Fold(state, $"{p}.downsample.0.weight", $"{p}.downsample.1") : ((Tensor, Tensor)?)null;
                blocks.Add(new Block(Fold(state, $"{p}.conv1.weight", $"{p}.bn1"), Fold(state, $"{p}.conv2.weight", $"{p}.bn2"), down, b == 0 ? layerStrides[layer - 1] : 1));
            }
        }
        _blocks = [.. blocks];
    }

    /// <summary>The stride of each layer's first block in the authors' AVENet (layer4 unstrided: 14 x 14 maps at 224 px).</summary>
    public static readonly IReadOnlyList<int> AvenetStrides = [1, 2, 2, 1];

    /// <summary>torchvision's resnet18 strides (7 x 7 maps at 224 px), as the EZ-VSL family's towers.</summary>
    public static readonly IReadOnlyList<int> TorchvisionStrides = [1, 2, 2, 2];

    /// <summary>The folded stem convolution (7 x 7, stride 2, padding 3).</summary>
    internal (Tensor Weight, Tensor Bias) Stem => _stem;

    /// <summary>The eight folded basic blocks, in order.</summary>
    internal IReadOnlyList<Block> Blocks => _blocks;

    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.relu(nn.functional.conv2d(x, _stem.Weight, _stem.Bias, strides: [2, 2], padding: [3, 3]));
        h = nn.functional.max_pool2d(h, kernel_size: 3, stride: 2, padding: 1);
        foreach (var block in _blocks)
        {
            var o = nn.functional.relu(nn.functional.conv2d(h, block.Conv1.Weight, block.Conv1.Bias, strides: [block.Stride, block.Stride], padding: [1, 1]));
            o = nn.functional.conv2d(o, block.Conv2.Weight, block.Conv2.Bias, padding: [1, 1]);
            var identity = block.Downsample is { } d ? nn.functional.conv2d(h, d.Weight, d.Bias, strides: [block.Stride, block.Stride]) : h;
            h = nn.functional.relu(o.add_(identity));
        }
        return h.MoveToOuterDisposeScope();
    }

    private static (Tensor Weight, Tensor Bias) Fold(IDictionary<string, Tensor> state, string conv, string bn)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // An explicit scalar held over the call: an implicit double->Scalar is left to TorchSharp's finalizer, which
        // can free it while libtorch reads it ("Unknown scalar type" from at::native::add, seen once in CI).
        using var eps = BatchNormEps.ToScalar();
        var scale = state[$"{bn}.weight"] / (state[$"{bn}.running_var"] + eps).sqrt();
        var weight = state[conv] * scale.reshape(-1, 1, 1, 1);
        var bias = state[$"{bn}.bias"] - (state[$"{bn}.running_mean"] * scale);
        return (weight.contiguous().detach().MoveToOuterDisposeScope(), bias.contiguous().detach().MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        _stem.Weight.Dispose();
        _stem.Bias.Dispose();
        foreach (var b in _blocks)
        {
            b.Conv1.Weight.Dispose();
            b.Conv1.Bias.Dispose();
            b.Conv2.Weight.Dispose();
            b.Conv2.Bias.Dispose();
            b.Downsample?.Weight.Dispose();
            b.Downsample?.Bias.Dispose();
        }
    }
}
