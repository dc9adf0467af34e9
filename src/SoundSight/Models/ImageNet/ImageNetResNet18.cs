using SoundSight.IO;

namespace SoundSight.Models.ImageNet;

/// <summary>A convolution (no bias) followed by batch normalisation, as the CNTK export writes every one.</summary>
internal sealed record ConvBn(OnnxTensor Weight, OnnxTensor Scale, OnnxTensor Bias, OnnxTensor Mean, OnnxTensor Variance, long Stride, string Output);

/// <summary>A basic block: two conv-BN pairs, an optional 1 x 1 projection shortcut, and the name of its output.</summary>
internal sealed record ResidualBlock(ConvBn First, ConvBn Second, ConvBn? Downsample, string Output);

/// <summary>
/// The ImageNet ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18, read from its CNTK-exported ONNX graph:
/// the stem and the residual blocks, found by following each Add node back through its branches (so the reader
/// depends on the graph's structure, not on CNTK's generated names). Stages have [2, 2, 2, 3] blocks; the
/// network's input is BGR in 0-255 minus the 224 x 224 mean image of ResNetPreprocess.onnx.
/// </summary>
internal sealed class ImageNetResNet18
{
    private ImageNetResNet18(OnnxModelFile network, ConvBn stem, IReadOnlyList<IReadOnlyList<ResidualBlock>> stages, float[] meanImage)
    {
        Network = network;
        Stem = stem;
        Stages = stages;
        MeanImage = meanImage;
    }

    /// <summary>Side of the (square) input the mean image fixes.</summary>
    public const int InputSize = 224;

    public OnnxModelFile Network { get; }

    public ConvBn Stem { get; }

    /// <summary>Blocks per stage (64, 128, 256, 512 channels).</summary>
    public IReadOnlyList<IReadOnlyList<ResidualBlock>> Stages { get; }

    /// <summary>The mean image, BGR planes of 224 x 224, in 0-255.</summary>
    public float[] MeanImage { get; }

    /// <summary>The same network with another mean image (tests: a constant one makes the input conversion exact).</summary>
    public ImageNetResNet18 WithMeanImage(float[] meanImage) => new(Network, Stem, Stages, meanImage);

    public static ImageNetResNet18 Load(ImageNetModelFiles files)
    {
        var network = OnnxModelFile.Load(files.Network);
        var preprocess = OnnxModelFile.Load(files.Preprocess);
        var mean = preprocess.Initializers.Values.FirstOrDefault(t => t.Dims.SequenceEqual([1L, 3, InputSize, InputSize]))
            ?? throw new InputException(files.Preprocess, "no 1 x 3 x 224 x 224 mean image in the preprocessing graph");
        var producers = new Dictionary<string, OnnxNode>();
        foreach (var node in network.Nodes)
        {
            foreach (var o in node.Outputs)
            {
                producers[o] = node;
            }
        }
        var firstConv = network.Nodes.FirstOrDefault(n => n.Op == "Conv") ?? throw new InputException(files.Network, "no convolution in the graph");
        var stem = ConvBnEndingAt(network, producers, ConsumerOf(network, firstConv.Outputs[0], "BatchNormalization").Outputs[0]);
        var blocks = new List<ResidualBlock>();
        foreach (var add in network.Nodes.Where(n => n.Op == "Add"))
        {
            var relu = ConsumerOf(network, add.Outputs[0], "Relu");
            // The main branch ends in a 3 x 3 conv-BN; the other input is the identity or the 1 x 1 projection.
            var (main, other) = IsProjection(producers, add.Inputs[0]) ? (add.Inputs[1], add.Inputs[0]) : (add.Inputs[0], add.Inputs[1]);
            var second = ConvBnEndingAt(network, producers, main);
            var between = producers[ConvOf(producers, main).Inputs[0]];
            var first = ConvBnEndingAt(network, producers, between.Inputs[0]);
            var shortcut = IsProjection(producers, other) ? ConvBnEndingAt(network, producers, other) : null;
            blocks.Add(new ResidualBlock(first, second, shortcut, relu.Outputs[0]));
        }
        var stages = blocks.GroupBy(b => b.Second.Weight.Dims[0]).Select(g => (IReadOnlyList<ResidualBlock>)g.ToList()).ToList();
        if (stem.Weight.Dims is not [64, 3, 7, 7] || stages.Count != 4 || stages.Any(st => st.Count < 2))
        {
            throw new InputException(files.Network, "not the expected ResNet-18 graph (stem 64 x 3 x 7 x 7, four stages of at least two blocks)");
        }
        return new ImageNetResNet18(network, stem, stages, mean.Values);
    }

    private static OnnxNode ConsumerOf(OnnxModelFile network, string tensor, string op) =>
        network.Nodes.FirstOrDefault(n => n.Op == op && n.Inputs.Contains(tensor))
        ?? throw new InputException(network.Path, $"no {op} reads '{tensor}'");

    private static bool IsProjection(Dictionary<string, OnnxNode> producers, string tensor) =>
        producers.TryGetValue(tensor, out var bn) && bn.Op == "BatchNormalization"
        && producers.TryGetValue(bn.Inputs[0], out var conv) && conv.Op == "Conv"
        && conv.Ints.TryGetValue("kernel_shape", out var k) && k[0] == 1;

    private static OnnxNode ConvOf(Dictionary<string, OnnxNode> producers, string bnOutput) => producers[producers[bnOutput].Inputs[0]];

    private static ConvBn ConvBnEndingAt(OnnxModelFile network, Dictionary<string, OnnxNode> producers, string bnOutput)
    {
        if (!producers.TryGetValue(bnOutput, out var bn) || bn.Op != "BatchNormalization" || !producers.TryGetValue(bn.Inputs[0], out var conv) || conv.Op != "Conv")
        {
            throw new InputException(network.Path, $"'{bnOutput}' is not a convolution followed by batch normalisation");
        }
        if (conv.Inputs.Count > 2)
        {
            throw new InputException(network.Path, $"convolution '{conv.Outputs[0]}' has a bias; the mapping expects none");
        }
        var stride = conv.Ints.TryGetValue("strides", out var s) ? s[0] : 1;
        return new ConvBn(network.Initializer(conv.Inputs[1]), network.Initializer(bn.Inputs[1]), network.Initializer(bn.Inputs[2]),
            network.Initializer(bn.Inputs[3]), network.Initializer(bn.Inputs[4]), stride, bnOutput);
    }
}
