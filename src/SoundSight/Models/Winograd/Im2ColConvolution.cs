using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TorchSharp.torch;

namespace SoundSight.Models.Winograd;

/// <summary>
/// A convolution that the Winograd towers do not run the Winograd way (the stem's 7 x 7 / stride 2, the stride-2
/// 3 x 3 first convolutions, the 1 x 1 shortcuts), BatchNorm folded in, as one matrix product on the
/// <see cref="Avx512BatchedProduct"/> kernel: the input patches are gathered into rows (im2col: in (ky, kx, c) order
/// from channels-last input, whole runs of channels; in (c, ky, kx) order from the stems' channels-first input,
/// whole runs of a kernel row), multiplied by the packed kernel, and the bias (then ReLU) added as the result is
/// stored, channels last.
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
    private readonly bool _channelsFirst;

    // The patch matrix of the last call, kept for the next (a tower calls with the same shape every time): no
    // allocation, no fresh pages per call. Taken by one call at a time; a call that finds it taken uses its own.
    private NativeFloatBuffer? _patches;

    /// <param name="weight">[K, C, s, s], K a multiple of <see cref="Avx512BatchedProduct.PanelWidth"/>.</param>
    /// <param name="channelsFirst">Whether <see cref="Apply"/> reads [B, C, H, W] (the stems: the picture or spectrogram as it comes) instead of [B, H, W, C].</param>
    public Im2ColConvolution(Tensor weight, Tensor bias, int stride, int padding, bool channelsFirst, Avx512BatchedProduct engine)
    {
        if (weight.dim() != 4 || weight.shape[2] != weight.shape[3] || weight.shape[0] % Avx512BatchedProduct.PanelWidth != 0)
        {
            throw new ArgumentException($"expected a square [K, C, s, s] kernel with K a multiple of {Avx512BatchedProduct.PanelWidth}, got [{string.Join(", ", weight.shape)}]", nameof(weight));
        }
        _engine = engine;
        (_outputs, _inputs, _side) = ((int)weight.shape[0], (int)weight.shape[1], (int)weight.shape[2]);
        (_stride, _padding, _channelsFirst) = (stride, padding, channelsFirst);
        if (channelsFirst && _side > 8)
        {
            throw new ArgumentException($"channels-first input takes kernels up to 8 wide, got {_side}", nameof(weight));
        }
        using var scope = NewDisposeScope();
        // [K, C, ky, kx] -> rows in the gather's order, one column per output channel, packed in panels.
        var columns = (channelsFirst ? weight.detach().to(float32).permute(1, 2, 3, 0) : weight.detach().to(float32).permute(2, 3, 1, 0))
            .reshape(1, _side * _side * _inputs, _outputs).contiguous();
        _packed = engine.Prepare(columns).contiguous().DetachFromDisposeScope();
        _bias = bias.to(float32).contiguous().data<float>().ToArray();
    }

    public int OutputChannels => _outputs;

    /// <summary>x: [B, H, W, C] contiguous (or [B, C, H, W], as constructed). Returns a new [B, Ho, Wo, K] tensor (channels last).</summary>
    public Tensor Apply(Tensor x, bool relu, int threads)
    {
        var channelsFirst = _channelsFirst;
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
            var buffer = Interlocked.Exchange(ref _patches, null) ?? new NativeFloatBuffer();
            try
            {
                var a = buffer.AtLeast((long)rows * depth);
                var geometry = new Geometry(h, w, ho, wo, _inputs, _side, _stride, _padding);
                Parallel.For(0, b * ho, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, row =>
                {
                    if (channelsFirst)
                    {
                        GatherChannelsFirst(source, a, geometry, row);
                    }
                    else
                    {
                        GatherChannelsLast(source, a, geometry, row);
                    }
                });
                _engine.MultiplyInto(a, rows, depth, (float*)packed, _outputs / Avx512BatchedProduct.PanelWidth, (float*)output, bias, relu);
            }
            finally
            {
                // Kept for the next call unless another call put its own back meanwhile.
                if (Interlocked.CompareExchange(ref _patches, buffer, null) is not null)
                {
                    buffer.Dispose();
                }
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

    /// <summary>
    /// The patches of one output row from channels-first input (the stems: one to three channels), in (c, ky, kx)
    /// order: each kernel row is a run of the input row, moved with one masked load and store (up to 8 floats; the
    /// masked lanes are neither read nor written, so no run reaches past the input or into the next patch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GatherChannelsFirst(float* x, float* a, Geometry g, int row)
    {
        var (b, oy) = Math.DivRem(row, g.OutHeight);
        var plane = (long)g.Height * g.Width;
        var image = x + ((long)b * g.Channels * plane);
        var side = g.Side;
        var mask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(side)).AsSingle();
        for (var ox = 0; ox < g.OutWidth; ox++)
        {
            var patch = a + ((((long)row * g.OutWidth) + ox) * g.Depth);
            var ix0 = (ox * g.Stride) - g.Padding;
            var interior = ix0 >= 0 && ix0 + side <= g.Width;
            for (var c = 0; c < g.Channels; c++)
            {
                for (var ky = 0; ky < side; ky++, patch += side)
                {
                    var iy = (oy * g.Stride) - g.Padding + ky;
                    if ((uint)iy >= (uint)g.Height)
                    {
                        Avx.MaskStore(patch, mask, Vector256<float>.Zero);
                        continue;
                    }
                    var run = image + (c * plane) + ((long)iy * g.Width) + ix0;
                    if (interior)
                    {
                        Avx.MaskStore(patch, mask, Avx.MaskLoad(run, mask));
                        continue;
                    }
                    for (var kx = 0; kx < side; kx++)
                    {
                        patch[kx] = (uint)(ix0 + kx) < (uint)g.Width ? run[kx] : 0f;
                    }
                }
            }
        }
    }

    public void Dispose()
    {
        _packed.Dispose();
        Interlocked.Exchange(ref _patches, null)?.Dispose();
    }
}
