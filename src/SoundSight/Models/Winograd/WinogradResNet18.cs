using static TorchSharp.torch;

namespace SoundSight.Models.Winograd;

/// <summary>
/// A <see cref="FoldedResNet18"/> whose stride-1 3 x 3 convolutions (14 of a tower's 20 convolutions, about 90 % of
/// its multiply-adds) run as Winograd convolutions, on channels-last tensors throughout. With the
/// <see cref="Avx512BatchedProduct"/> engine the stem, the stride-2 first convolutions and the 1 x 1 shortcuts run on
/// the same kernel (<see cref="Im2ColConvolution"/>), so that no libtorch operation runs in a forward pass; with the
/// other engines they stay libtorch convolutions (oneDNN takes channels-last views directly) and matrix products
/// (<see cref="Downsample"/>). The same function as the folded tower up to float rounding (about 3e-6 relative on the
/// output, tested); CPU only. Weights are copied: later changes to the source are not seen.
/// </summary>
public sealed class WinogradResNet18 : IInferenceTower
{
    private readonly (Tensor Weight, Tensor Bias) _stem;
    private readonly Block[] _blocks;
    private readonly int _threads;
    private readonly DenseParts? _dense;

    private sealed record Block(WinogradConvolution? Conv1, (Tensor Weight, Tensor Bias) StridedConv1, WinogradConvolution Conv2, (Tensor Weight, Tensor Bias)? Downsample, int Stride);

    /// <summary>The convolutions outside the Winograd ones on the AVX-512 kernel, by block (null where a block has none).</summary>
    private sealed record DenseParts(Im2ColConvolution Stem, Im2ColConvolution?[] StridedConv1, Im2ColConvolution?[] Downsample);

    /// <param name="threads">Threads for the transforms (the product engine has its own setting).</param>
    /// <param name="tile">One tile for every convolution (benchmarks); null picks per layer (<see cref="WinogradTile.For"/>).</param>
    /// <param name="products">The engine of the batched products (not owned); null: libtorch's bmm.</param>
    public WinogradResNet18(FoldedResNet18 folded, int threads, WinogradTile? tile, IBatchedProduct? products = null)
    {
        _threads = threads;
        _stem = Copy(folded.Stem);
        _blocks = [.. folded.Blocks.Select(b => new Block(
            b.Stride == 1 ? new WinogradConvolution(b.Conv1.Weight, b.Conv1.Bias, tile, products) : null,
            b.Stride == 1 ? default : Copy(b.Conv1),
            new WinogradConvolution(b.Conv2.Weight, b.Conv2.Bias, tile, products),
            b.Downsample is { } d ? Copy(d) : null,
            b.Stride))];
        if (products is Avx512BatchedProduct avx512)
        {
            _dense = new DenseParts(
                new Im2ColConvolution(folded.Stem.Weight, folded.Stem.Bias, stride: 2, padding: 3, channelsFirst: true, avx512),
                [.. folded.Blocks.Select(b => b.Stride == 1 ? null : new Im2ColConvolution(b.Conv1.Weight, b.Conv1.Bias, b.Stride, padding: 1, channelsFirst: false, avx512))],
                [.. folded.Blocks.Select(b => b.Downsample is { } d ? new Im2ColConvolution(d.Weight, d.Bias, b.Stride, padding: 0, channelsFirst: false, avx512) : null)]);
        }
    }

    /// <param name="threads">Threads for the transforms (the product engine has its own setting).</param>
    /// <param name="products">The engine of the batched products (not owned); null: libtorch's bmm.</param>
    public WinogradResNet18(FoldedResNet18 folded, int threads, IBatchedProduct? products = null)
        : this(folded, threads, tile: null, products)
    {
    }

    public Tensor Forward(Tensor x) => Forward(x, stageDone: null);

    /// <param name="stageDone">Called after the stem and after each block with its name and output shape (profiling).</param>
    public Tensor Forward(Tensor x, Action<string, long[]>? stageDone)
    {
        if (_dense is not null)
        {
            return ForwardDense(x, _dense, stageDone);
        }
        using var scope = NewDisposeScope();
        var stem = nn.functional.conv2d(AsChannelsLast(x), _stem.Weight, _stem.Bias, strides: [2, 2], padding: [3, 3]);
        var h = ChannelsLastMaxPool.ReluThenPool(Nhwc(stem), _threads);
        stageDone?.Invoke("stem", h.shape);
        for (var n = 0; n < _blocks.Length; n++)
        {
            var block = _blocks[n];
            var o = block.Conv1 is { } c1
                ? c1.Apply(h, residual: null, relu: true, _threads)
                : Nhwc(nn.functional.relu(nn.functional.conv2d(Nchw(h), block.StridedConv1.Weight, block.StridedConv1.Bias, strides: [block.Stride, block.Stride], padding: [1, 1])));
            var identity = block.Downsample is { } d ? Downsample(h, d, block.Stride) : h;
            h = block.Conv2.Apply(o, identity, relu: true, _threads);
            stageDone?.Invoke($"layer{(n / 2) + 1}.{n % 2}", h.shape);
        }
        return Nchw(h).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The forward pass with every convolution on the AVX-512 kernel: no libtorch operation runs.</summary>
    private Tensor ForwardDense(Tensor x, DenseParts dense, Action<string, long[]>? stageDone)
    {
        using var scope = NewDisposeScope();
        var input = x.is_contiguous() ? x : x.contiguous();
        var h = ChannelsLastMaxPool.ReluThenPool(dense.Stem.Apply(input, relu: false, _threads), _threads);
        stageDone?.Invoke("stem", h.shape);
        for (var n = 0; n < _blocks.Length; n++)
        {
            var block = _blocks[n];
            var o = block.Conv1 is { } c1
                ? c1.Apply(h, residual: null, relu: true, _threads)
                : dense.StridedConv1[n]!.Apply(h, relu: true, _threads);
            var identity = dense.Downsample[n] is { } d ? d.Apply(h, relu: false, _threads) : h;
            h = block.Conv2.Apply(o, identity, relu: true, _threads);
            stageDone?.Invoke($"layer{(n / 2) + 1}.{n % 2}", h.shape);
        }
        return ChannelsFirst(h).MoveToOuterDisposeScope();
    }

    /// <summary>A new [B, C, H, W] tensor from [B, H, W, C] memory, copied on this thread (libtorch's copy would wake its OpenMP workers).</summary>
    private static unsafe Tensor ChannelsFirst(Tensor nhwc)
    {
        var (b, h, w, c) = ((int)nhwc.shape[0], (int)nhwc.shape[1], (int)nhwc.shape[2], (int)nhwc.shape[3]);
        var y = empty(b, c, h, w);
        var plane = h * w;
        fixed (byte* input = nhwc.bytes)
        fixed (byte* output = y.bytes)
        {
            float* source = (float*)input, target = (float*)output;
            for (var i = 0; i < b; i++)
            {
                for (var p = 0; p < plane; p++)
                {
                    var from = source + ((((long)i * plane) + p) * c);
                    var to = target + ((long)i * c * plane) + p;
                    for (var k = 0; k < c; k++)
                    {
                        to[(long)k * plane] = from[k];
                    }
                }
            }
        }
        return y;
    }

    /// <summary>
    /// The 1 x 1 shortcut convolution on a channels-last map, as one matrix product over the (strided) map's rows.
    /// libtorch's conv2d of the channels-last view sums wrongly for some shapes and CPUs: with stride 1 for batches
    /// of audio maps (layer4.0 of AVENet, 17 x 19, batch 3: 42 off at a scale of 169, found on an Intel Xeon), and
    /// with stride 2 from 256 to 512 channels (torchvision's layer4.0: 40 to 57 off at a scale of 150 to 215 for
    /// 14 x 14 and 17 x 13 maps in batches of 4, found on an AMD EPYC). The product has no such case to miss.
    /// </summary>
    private static Tensor Downsample(Tensor nhwc, (Tensor Weight, Tensor Bias) d, int stride)
    {
        using var scope = NewDisposeScope();
        var rows = stride == 1
            ? nhwc
            : nhwc.slice(1, 0, nhwc.shape[1], stride).slice(2, 0, nhwc.shape[2], stride).contiguous();
        var (b, h, w, c) = (rows.shape[0], rows.shape[1], rows.shape[2], rows.shape[3]);
        var k = d.Weight.shape[0];
        return addmm(d.Bias, rows.reshape(b * h * w, c), d.Weight.reshape(k, c).t(), beta: 1, alpha: 1).reshape(b, h, w, k).MoveToOuterDisposeScope();
    }

    /// <summary>[B, H, W, C] contiguous memory for a [B, C, H, W] tensor (a copy unless it already is channels last).</summary>
    private static Tensor Nhwc(Tensor nchw) => nchw.permute(0, 2, 3, 1).contiguous();

    /// <summary>The [B, C, H, W] view of channels-last memory, which libtorch's convolutions keep channels last.</summary>
    private static Tensor Nchw(Tensor nhwc) => nhwc.permute(0, 3, 1, 2);

    private static Tensor AsChannelsLast(Tensor nchw) => Nchw(Nhwc(nchw));

    private static (Tensor Weight, Tensor Bias) Copy((Tensor Weight, Tensor Bias) conv) => (conv.Weight.detach().clone(), conv.Bias.detach().clone());

    public void Dispose()
    {
        if (_dense is not null)
        {
            _dense.Stem.Dispose();
            foreach (var conv in _dense.StridedConv1.Concat(_dense.Downsample))
            {
                conv?.Dispose();
            }
        }
        _stem.Weight.Dispose();
        _stem.Bias.Dispose();
        foreach (var b in _blocks)
        {
            b.Conv1?.Dispose();
            b.StridedConv1.Weight?.Dispose();
            b.StridedConv1.Bias?.Dispose();
            b.Conv2.Dispose();
            b.Downsample?.Weight.Dispose();
            b.Downsample?.Bias.Dispose();
        }
    }
}
