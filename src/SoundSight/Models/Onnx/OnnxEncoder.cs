using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace SoundSight.Models.Onnx;

/// <summary>
/// The two ResNet-18 towers run by ONNX Runtime: one graph built in memory from the weights of
/// <see cref="FoldedResNet18"/> copies (TorchSharp has no ONNX exporter), with the audio tower's global max pool
/// inside the graph. Both towers live in ONE session on purpose: each session owns a spinning thread pool, and
/// two pools on a 2-core machine starve each other. Parity with the TorchSharp path is tested (about 1e-6 relative).
/// </summary>
public sealed class OnnxEncoder : IDisposable
{
    private const string ImageInput = "image";
    private const string AudioInput = "spectrogram";
    private readonly InferenceSession _session;
    private readonly string _visionOutput;
    private readonly string _audioOutput;

    public OnnxEncoder(FoldedResNet18 vision, FoldedResNet18 audio, int threads)
    {
        var graph = new OnnxGraph();
        graph.Input(ImageInput, 4);
        graph.Input(AudioInput, 4);
        _visionOutput = Tower(graph, vision, ImageInput);
        _audioOutput = graph.Node("ReduceMax", [Tower(graph, audio, AudioInput)], ("axes", [2, 3]), ("keepdims", [0]));
        graph.Output(_visionOutput, 4);
        graph.Output(_audioOutput, 2);
        using var options = OnnxSessionOptions.For(threads, spinning: true);
        _session = new InferenceSession(graph.ToModel("soundsight_two_tower"), options);
    }

    /// <summary>
    /// Raw vision maps [B, 512, h, w] for the images and audio vectors [K, 512] for the spectrograms (both float32
    /// CPU tensors); returns new TorchSharp tensors (caller disposes). ONNX Runtime reads the inputs where libtorch
    /// keeps them and its outputs are copied straight into libtorch's memory: no managed copies of hundreds of KB
    /// per call on the large-object heap (removing them narrowed, but did not close, the one-pair gap to Winograd
    /// end to end: docs/speed.md).
    /// </summary>
    public unsafe (Tensor VisionMaps, Tensor AudioVectors) Forward(Tensor images, Tensor spectrograms)
    {
        using var scope = NewDisposeScope();
        var image = images.contiguous();
        var sound = spectrograms.contiguous();
        IDisposableReadOnlyCollection<OrtValue> results;
        fixed (byte* imageData = image.bytes)
        fixed (byte* soundData = sound.bytes)
        {
            using var imageValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, image.shape, (IntPtr)imageData, image.bytes.Length);
            using var soundValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, sound.shape, (IntPtr)soundData, sound.bytes.Length);
            using var options = new RunOptions();
            results = _session.Run(options, [ImageInput, AudioInput], [imageValue, soundValue], [_visionOutput, _audioOutput]);
        }
        using (results)
        {
            return (ToTorch(results[0]).MoveToOuterDisposeScope(), ToTorch(results[1]).MoveToOuterDisposeScope());
        }
    }

    private static Tensor ToTorch(OrtValue value)
    {
        var t = empty(value.GetTensorTypeAndShape().Shape, ScalarType.Float32);
        value.GetTensorDataAsSpan<float>().CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.bytes));
        return t;
    }

    private static string Tower(OnnxGraph graph, FoldedResNet18 folded, string input)
    {
        var (w, b) = folded.Stem;
        var h = graph.Node("Relu", [Conv(graph, input, w, b, 2, 3)]);
        h = graph.Node("MaxPool", [h], ("kernel_shape", [3, 3]), ("strides", [2, 2]), ("pads", [1, 1, 1, 1]));
        foreach (var block in folded.Blocks)
        {
            var o = graph.Node("Relu", [Conv(graph, h, block.Conv1.Weight, block.Conv1.Bias, block.Stride, 1)]);
            o = Conv(graph, o, block.Conv2.Weight, block.Conv2.Bias, 1, 1);
            var identity = block.Downsample is { } d ? Conv(graph, h, d.Weight, d.Bias, block.Stride, 0) : h;
            h = graph.Node("Relu", [graph.Node("Add", [o, identity])]);
        }
        return h;
    }

    private static string Conv(OnnxGraph graph, string input, Tensor weight, Tensor bias, int stride, int pad)
    {
        var w = graph.Initializer(graph.Fresh("w"), weight.contiguous().data<float>().ToArray(), weight.shape);
        var b = graph.Initializer(graph.Fresh("b"), bias.contiguous().data<float>().ToArray(), bias.shape);
        var k = weight.shape[2];
        return graph.Node("Conv", [input, w, b], ("kernel_shape", [k, k]), ("strides", [stride, stride]), ("pads", [pad, pad, pad, pad]));
    }

    public void Dispose() => _session.Dispose();
}
