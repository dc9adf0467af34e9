using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SoundSight.Protocol;

namespace SoundSight.Models.ImageNet;

/// <summary>
/// The package's original ImageNet ResNet-18 graph run by ONNX Runtime, untouched except that the outputs of every
/// stage are declared graph outputs: the reference our mapped encoder is measured against, and the network behind
/// the object saliency. Takes the pictures our image front end produces (RGB, ImageNet-normalised, 224 x 224) and
/// converts them to the network's own input exactly (BGR, 0-255, minus the mean image).
/// </summary>
public sealed class ImageNetFeatureExtractor : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _input;
    private readonly float[] _meanImage;
    private readonly Dictionary<string, string> _outputs;

    /// <summary>Stage names: layer1 to layer3, layer4.1 (after the second block of the last stage, where the
    /// official encoder's layer4 ends), and layer4 (after the package's third block: the network's final map).</summary>
    public static readonly string[] StageNames = ["layer1", "layer2", "layer3", "layer4.1", "layer4"];

    public ImageNetFeatureExtractor(ImageNetModelFiles files, int threads = 0)
        : this(ImageNetResNet18.Load(files), threads)
    {
    }

    internal ImageNetFeatureExtractor(ImageNetResNet18 network, int threads = 0)
    {
        _meanImage = network.MeanImage;
        _input = network.Network.Inputs[0];
        var stages = network.Stages;
        _outputs = new Dictionary<string, string>
        {
            ["layer1"] = stages[0][^1].Output,
            ["layer2"] = stages[1][^1].Output,
            ["layer3"] = stages[2][^1].Output,
            ["layer4.1"] = stages[3][1].Output,
            ["layer4"] = stages[3][^1].Output,
        };
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
        }
        _session = new InferenceSession(network.Network.WithOutputs(_outputs.Values), options);
    }

    public const int InputSize = ImageNetResNet18.InputSize;

    /// <summary>
    /// Feature maps of one picture, by stage name, each [C, H, W] row-major with its shape. <paramref name="normalized"/>
    /// is the front end's [3, 224, 224] RGB ImageNet-normalised picture.
    /// </summary>
    public IReadOnlyDictionary<string, (float[] Values, int[] Shape)> Run(ReadOnlySpan<float> normalized, IReadOnlyCollection<string>? stages = null)
    {
        const int plane = InputSize * InputSize;
        if (normalized.Length != 3 * plane)
        {
            throw new ArgumentException($"expected a 3 x {InputSize} x {InputSize} picture, got {normalized.Length} values", nameof(normalized));
        }
        var input = new DenseTensor<float>([1, 3, InputSize, InputSize]);
        var buffer = input.Buffer.Span;
        for (var bgr = 0; bgr < 3; bgr++)
        {
            var rgb = 2 - bgr;
            var (mean, std) = (OfficialProtocol.ImageNetMean[rgb], OfficialProtocol.ImageNetStd[rgb]);
            for (var i = 0; i < plane; i++)
            {
                var unit = (normalized[(rgb * plane) + i] * std) + mean;
                buffer[(bgr * plane) + i] = (unit * 255f) - _meanImage[(bgr * plane) + i];
            }
        }
        var wanted = (stages ?? StageNames).Select(s => _outputs.TryGetValue(s, out var o) ? o : throw new ArgumentException($"unknown stage '{s}'", nameof(stages))).ToList();
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, input)], wanted);
        var byOutput = results.ToDictionary(r => r.Name, r => r.AsTensor<float>());
        var features = new Dictionary<string, (float[], int[])>();
        foreach (var stage in stages ?? StageNames)
        {
            var t = byOutput[_outputs[stage]];
            features[stage] = (t.ToArray(), t.Dimensions.ToArray()[1..]);
        }
        return features;
    }

    public void Dispose() => _session.Dispose();
}
