using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SoundSight.Models.Winograd;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace SoundSight.Models.Onnx;

/// <summary>
/// The batched products of the Winograd convolutions run by ONNX Runtime's MatMul (MLAS) on libtorch's memory, with
/// no copies: on an AMD EPYC Zen 5 about twice libtorch's bmm for layer4's products (docs/speed.md), which made the
/// Winograd towers the fastest for batches (<see cref="Localization.WinogradProductEngine"/> picks it per CPU).
/// One session (one thread pool) serves every convolution of both towers;
/// its threads do not spin between calls, since the transforms run on the same cores in between.
/// </summary>
public sealed class OnnxBatchedProduct : IBatchedProduct, IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _output;

    public OnnxBatchedProduct(int threads)
    {
        var graph = new OnnxGraph();
        graph.Input("a", 3);
        graph.Input("b", 3);
        _output = graph.Node("MatMul", ["a", "b"]);
        graph.Output(_output, 3);
        using var options = OnnxSessionOptions.For(threads, spinning: false);
        _session = new InferenceSession(graph.ToModel("batched_product"), options);
    }

    public unsafe Tensor Multiply(Tensor a, Tensor b)
    {
        if (a.dim() != 3 || b.dim() != 3 || a.shape[0] != b.shape[0] || a.shape[2] != b.shape[1] || !a.is_contiguous() || !b.is_contiguous())
        {
            throw new ArgumentException($"expected contiguous [P, M, K] x [P, K, N], got [{string.Join(", ", a.shape)}] x [{string.Join(", ", b.shape)}]");
        }
        var y = empty(a.shape[0], a.shape[1], b.shape[2]);
        fixed (byte* pa = a.bytes)
        fixed (byte* pb = b.bytes)
        fixed (byte* py = y.bytes)
        {
            using var va = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, a.shape, (IntPtr)pa, a.bytes.Length);
            using var vb = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, b.shape, (IntPtr)pb, b.bytes.Length);
            using var vy = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, y.shape, (IntPtr)py, y.bytes.Length);
            using var options = new RunOptions();
            _session.Run(options, ["a", "b"], [va, vb], [_output], [vy]);
        }
        return y;
    }

    public void Dispose() => _session.Dispose();
}
