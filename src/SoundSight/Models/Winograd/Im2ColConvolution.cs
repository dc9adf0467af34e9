using System.Buffers;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace SoundSight.Models.Winograd;

/// <summary>
/// A convolution that the Winograd towers do not run the Winograd way (the stem's 7 x 7 / stride 2, the stride-2
/// 3 x 3 first convolutions, the 1 x 1 shortcuts), BatchNorm folded in, as one matrix product on the
/// <see cref="Avx512BatchedProduct"/> kernel: the input patches are gathered into rows (im2col, in (ky, kx, c)
/// order), multiplied by the packed kernel, and the bias (then ReLU) added as the result is stored, channels last.
/// Running them here rather than through libtorch keeps a tower's whole forward pass on .NET's threads: libtorch's
/// OpenMP workers spin for a while after each of its parallel operations, and on two cores that spinning took one
/// core from the Winograd products that followed (docs/speed.md, 2026-12-07).
/// </summary>
internal sealed unsafe class Im2ColConvolution : IDisposable
{
    private readonly Avx512BatchedProduct _engine;
    private readonly Tensor _packed;
    private readonly float[] _bias;
    private readonly int _inputs;
    private readonly int _outputs;
    private readonly int _side;
    private readonly int _stride;
    private readonly int _padding;

    /// <param name="weight">[K, C, s, s], K a multiple of <see cref="Avx512BatchedProduct.PanelWidth"/>.</param>
    public Im2ColConvolution(Tensor weight, Tensor bias, int stride, int padding, Avx512BatchedProduct engine)
    {
        if (weight.dim() != 4 || weight.shape[2] != weight.shape[3] || weight.shape[0] % Avx512BatchedProduct.PanelWidth != 0)
        {
            throw new ArgumentException($"expected a square [K, C, s, s] kernel with K a multiple of {Avx512BatchedProduct.PanelWidth}, got [{string.Join(", ", weight.shape)}]", nameof(weight));
        }
        _engine = engine;
        (_outputs, _inputs, _side) = ((int)weight.shape[0], (int)weight.shape[1], (int)weight.shape[2]);
        (_stride, _padding) = (stride, padding);
        using var scope = NewDisposeScope();
        // [K, C, ky, kx] -> rows in (ky, kx, c) order, one column per output channel, packed in panels.
        var columns = weight.detach().to(float32).permute(2, 3, 1, 0).reshape(1, _side * _side * _inputs, _outputs).contiguous();
        _packed = engine.Prepare(columns).contiguous().DetachFromDisposeScope();
        _bias = bias.to(float32).contiguous().data<float>().ToArray();
    }

    public int OutputChannels => _outputs;

    /// <summary>
    /// x: [B, H, W, C] contiguous (or, when <paramref name="channelsFirst"/>, [B, C, H, W] contiguous: the stem reads
    /// the picture or spectrogram as it comes). Returns a new [B, Ho, Wo, K] tensor (channels last).
    /// </summary>
    public Tensor Apply(Tensor x, bool channelsFirst, bool relu, int threads)
    {
        var (b, h, w) = channelsFirst
            ? ((int)x.shape[0], (int)x.shape[2], (int)x.shape[3])
            : ((int)x.shape[0], (int)x.shape[1], (int)x.shape[2]);
        var (ho, wo) = (((h + (2 * _padding) - _side) / _stride) + 1, ((w + (2 * _padding) - _side) / _stride) + 1);
        var (rows, depth) = (b * ho * wo, _side * _side * _inputs);
        var y = empty(b, ho, wo, _outputs);
        fixed (byte* input = x.bytes)
        fixed (byte* packed = _packed.bytes)
        fixed (byte* output = y.bytes)
        fixed (float* bias = _bias)
        {
            var source = (float*)input;
            // A 1 x 1, stride-1 convolution's rows are the input's own.
            if (_side == 1 && _stride == 1 && !channelsFirst)
            {
                _engine.MultiplyInto(source, rows, depth, (float*)packed, _outputs / Avx512BatchedProduct.PanelWidth, (float*)output, bias, relu);
                return y;
            }
            // Pooled: a fresh buffer of this size is page-faulted in on every call (milliseconds for the stems).
            var patches = ArrayPool<float>.Shared.Rent(rows * depth);
            try
            {
                fixed (float* a = patches)
                {
                    var geometry = new Geometry(h, w, ho, wo, _inputs, _side, _stride, _padding);
                    var target = a;
                    Parallel.For(0, b * ho, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, row =>
                    {
                        if (channelsFirst)
                        {
                            GatherChannelsFirst(source, target, geometry, row);
                        }
                        else
                        {
                            GatherChannelsLast(source, target, geometry, row);
                        }
                    });
                    _engine.MultiplyInto(a, rows, depth, (float*)packed, _outputs / Avx512BatchedProduct.PanelWidth, (float*)output, bias, relu);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(patches);
            }
        }
        return y;
    }

    private readonly record struct Geometry(int Height, int Width, int OutHeight, int OutWidth, int Channels, int Side, int Stride, int Padding)
    {
        public int Depth => Side * Side * Channels;
    }

    /// <summary>The patches of one output row (batch item and y), from channels-last input: whole runs of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GatherChannelsLast(float* x, float* a, Geometry g, int row)
    {
        var (b, oy) = Math.DivRem(row, g.OutHeight);
        var bytes = g.Channels * sizeof(float);
        for (var ox = 0; ox < g.OutWidth; ox++)
        {
            var patch = a + ((((long)row * g.OutWidth) + ox) * g.Depth);
            for (var ky = 0; ky < g.Side; ky++)
            {
                var iy = (oy * g.Stride) - g.Padding + ky;
                for (var kx = 0; kx < g.Side; kx++, patch += g.Channels)
                {
                    var ix = (ox * g.Stride) - g.Padding + kx;
                    if ((uint)iy < (uint)g.Height && (uint)ix < (uint)g.Width)
                    {
                        Buffer.MemoryCopy(x + ((((((long)b * g.Height) + iy) * g.Width) + ix) * g.Channels), patch, bytes, bytes);
                    }
                    else
                    {
                        new Span<float>(patch, g.Channels).Clear();
                    }
                }
            }
        }
    }

    /// <summary>The patches of one output row from channels-first input (the stems: one to three channels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GatherChannelsFirst(float* x, float* a, Geometry g, int row)
    {
        var (b, oy) = Math.DivRem(row, g.OutHeight);
        var plane = (long)g.Height * g.Width;
        var image = x + ((long)b * g.Channels * plane);
        for (var ox = 0; ox < g.OutWidth; ox++)
        {
            var patch = a + ((((long)row * g.OutWidth) + ox) * g.Depth);
            for (var ky = 0; ky < g.Side; ky++)
            {
                var iy = (oy * g.Stride) - g.Padding + ky;
                for (var kx = 0; kx < g.Side; kx++)
                {
                    var ix = (ox * g.Stride) - g.Padding + kx;
                    var inside = (uint)iy < (uint)g.Height && (uint)ix < (uint)g.Width;
                    var at = ((long)iy * g.Width) + ix;
                    for (var c = 0; c < g.Channels; c++)
                    {
                        *patch++ = inside ? image[(c * plane) + at] : 0f;
                    }
                }
            }
        }
    }

    public void Dispose() => _packed.Dispose();
}
