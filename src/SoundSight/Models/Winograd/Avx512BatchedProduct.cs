using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TorchSharp.torch;

namespace SoundSight.Models.Winograd;

/// <summary>
/// The batched products of the Winograd convolutions by SoundSight's own AVX-512 kernel. A Winograd convolution's
/// products are many small ones (at one picture 16 to 36 products of 16 to 200 rows), where a library's call and
/// thread hand-over cost as much as the arithmetic: ONNX Runtime's MatMul ran layer4's at 232 to 271 GFLOP/s on an
/// AMD EPYC Zen 5 whose two cores peak at about 425 (docs/speed.md). This kernel keeps a 6 x 64 block of the result in
/// 24 registers and reads the weights packed in 64-column panels, each panel one sequential stream
/// (<see cref="Prepare"/>); the work is split by (product, panel) between the threads.
/// Weights whose column count is not a multiple of 64 stay unpacked and go to libtorch's bmm.
/// </summary>
public sealed class Avx512BatchedProduct : IBatchedProduct
{
    /// <summary>Columns of a packed panel: four vectors.</summary>
    public const int PanelWidth = 64;

    private const int Rows6 = 6;

    private readonly ParallelOptions _parallel;

    /// <param name="threads">Threads that share a call's work.</param>
    public Avx512BatchedProduct(int threads)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("the AVX-512 batched product needs a CPU with AVX-512F");
        }
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
    }

    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>
    /// Fewer than the libraries' 40: each packed panel is one sequential stream, which the hardware prefetcher
    /// keeps ahead of the kernel. On the AMD EPYC Zen 5 of docs/speed.md ("12:30 to 14:00"), three profiles of one
    /// convolution (whole milliseconds, F2 / F3 / F4) gave, at one picture's 14 x 14, layer3 0.37-0.42 / 0.33-0.37 /
    /// 0.41-0.45 and layer4 1.29-1.58 / 1.26-1.33 / 1.73-1.83, and at one spectrogram's 17 x 19, layer4 2.48-2.77 /
    /// 1.89-2.13 / 1.92-2.34: F3 for both, which 30 (to 31) picks and 40 does not (F2 at 14 x 14).
    /// </summary>
    public const long KernelStreamingTiles = 30;

    /// <inheritdoc cref="KernelStreamingTiles"/>
    public long StreamingTiles => KernelStreamingTiles;

    /// <summary>[P, K, N] as [P, N / 64, K, 64] (each panel's rows one after the other); unchanged when N is not a multiple of 64.</summary>
    public Tensor Prepare(Tensor b)
    {
        Check(b.dim() == 3, b);
        var (p, k, n) = (b.shape[0], b.shape[1], b.shape[2]);
        return n % PanelWidth != 0 ? b : b.reshape(p, k, n / PanelWidth, PanelWidth).permute(0, 2, 1, 3).contiguous();
    }

    public unsafe Tensor Multiply(Tensor a, Tensor b)
    {
        if (b.dim() == 3)
        {
            return a.bmm(b);
        }
        Check(a.dim() == 3 && b.dim() == 4 && a.shape[0] == b.shape[0] && a.shape[2] == b.shape[2] && b.shape[3] == PanelWidth
            && a.is_contiguous() && b.is_contiguous() && a.dtype == ScalarType.Float32 && b.dtype == ScalarType.Float32, a, b);
        var y = empty(a.shape[0], a.shape[1], b.shape[1] * PanelWidth);
        fixed (byte* pa = a.bytes)
        fixed (byte* pb = b.bytes)
        fixed (byte* py = y.bytes)
        {
            Run((float*)pa, (int)a.shape[0], (int)a.shape[1], (int)a.shape[2], (float*)pb, (int)b.shape[1], (float*)py, bias: null, relu: false);
        }
        return y;
    }

    /// <summary>
    /// y = a x b (+ bias per column) (then ReLU) for one product: a [M, K] contiguous, b packed ([1, N / 64, K, 64],
    /// <see cref="Prepare"/>), bias N values or null; y [M, N] contiguous, written whole. The bias and ReLU are
    /// applied as the result is stored (the convolutions around the Winograd ones: stems, strided and 1 x 1).
    /// </summary>
    internal unsafe void MultiplyInto(float* a, int m, int k, float* packed, int panels, float* y, float* bias, bool relu) =>
        Run(a, 1, m, k, packed, panels, y, bias, relu);

    /// <summary>Splits the work by (product, panel, run of rows) so that both threads have several items even for one product of one panel.</summary>
    private unsafe void Run(float* a, int products, int m, int k, float* packed, int panels, float* y, float* bias, bool relu)
    {
        var wanted = 4 * _parallel.MaxDegreeOfParallelism;
        var runs = Math.Clamp(wanted / Math.Max(1, products * panels), 1, Math.Max(1, m / (8 * Rows6)));
        var rowsPerRun = ((m + runs - 1) / runs + Rows6 - 1) / Rows6 * Rows6;
        runs = (m + rowsPerRun - 1) / rowsPerRun;
        Parallel.For(0, products * panels * runs, _parallel, item =>
        {
            var (pair, run) = Math.DivRem(item, runs);
            var (product, panel) = Math.DivRem(pair, panels);
            Rows(a, product, m, k, packed, panel, panels, y, bias, relu, run * rowsPerRun, Math.Min(m, (run + 1) * rowsPerRun));
        });
    }

    /// <summary>
    /// Every product of [P, M, K] x packed weights into [P, M, N] on the calling thread (a caller that already
    /// splits its work between threads: the fused Winograd convolutions, one block of tiles per item).
    /// </summary>
    internal static unsafe void MultiplyOnThisThread(float* a, int products, int m, int k, float* packed, int panels, float* y)
    {
        for (var product = 0; product < products; product++)
        {
            for (var panel = 0; panel < panels; panel++)
            {
                Rows(a, product, m, k, packed, panel, panels, y, bias: null, relu: false, 0, m);
            }
        }
    }

    /// <summary>Rows [first, end) of one product's result, one panel of columns wide.</summary>
    private static unsafe void Rows(float* a, int product, int m, int k, float* packed, int panel, int panels, float* y, float* bias, bool relu, int first, int end)
    {
        var n = panels * PanelWidth;
        var aRows = a + ((long)product * m * k);
        var bPanel = packed + ((((long)product * panels) + panel) * k * PanelWidth);
        var yRows = y + ((long)product * m * n) + (panel * PanelWidth);
        var columnBias = bias is null ? null : bias + (panel * PanelWidth);
        var row = first;
        for (; row + Rows6 <= end; row += Rows6)
        {
            Block6(aRows + ((long)row * k), k, bPanel, yRows + ((long)row * n), n, columnBias, relu);
        }
        for (; row < end; row++)
        {
            Block1(aRows + ((long)row * k), k, bPanel, yRows + ((long)row * n), columnBias, relu);
        }
    }

    /// <summary>y[0..6, 0..64) = a[0..6, 0..k) x panel[0..k, 0..64); a's rows k apart, y's n apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block6(float* a, int k, float* panel, float* y, int n, float* bias, bool relu)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default, c43 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default, c53 = default;
        float* a0 = a, a1 = a + k, a2 = a + (2 * k), a3 = a + (3 * k), a4 = a + (4 * k), a5 = a + (5 * k);
        for (var i = 0; i < k; i++, panel += PanelWidth)
        {
            var b0 = Vector512.Load(panel);
            var b1 = Vector512.Load(panel + 16);
            var b2 = Vector512.Load(panel + 32);
            var b3 = Vector512.Load(panel + 48);
            var x = Vector512.Create(a0[i]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            c02 = Avx512F.FusedMultiplyAdd(x, b2, c02);
            c03 = Avx512F.FusedMultiplyAdd(x, b3, c03);
            x = Vector512.Create(a1[i]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            c12 = Avx512F.FusedMultiplyAdd(x, b2, c12);
            c13 = Avx512F.FusedMultiplyAdd(x, b3, c13);
            x = Vector512.Create(a2[i]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            c22 = Avx512F.FusedMultiplyAdd(x, b2, c22);
            c23 = Avx512F.FusedMultiplyAdd(x, b3, c23);
            x = Vector512.Create(a3[i]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            c32 = Avx512F.FusedMultiplyAdd(x, b2, c32);
            c33 = Avx512F.FusedMultiplyAdd(x, b3, c33);
            x = Vector512.Create(a4[i]);
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            c42 = Avx512F.FusedMultiplyAdd(x, b2, c42);
            c43 = Avx512F.FusedMultiplyAdd(x, b3, c43);
            x = Vector512.Create(a5[i]);
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            c52 = Avx512F.FusedMultiplyAdd(x, b2, c52);
            c53 = Avx512F.FusedMultiplyAdd(x, b3, c53);
        }
        Store(y, c00, c01, c02, c03, bias, relu);
        Store(y + n, c10, c11, c12, c13, bias, relu);
        Store(y + (2 * n), c20, c21, c22, c23, bias, relu);
        Store(y + (3 * n), c30, c31, c32, c33, bias, relu);
        Store(y + (4 * n), c40, c41, c42, c43, bias, relu);
        Store(y + (5 * n), c50, c51, c52, c53, bias, relu);
    }

    /// <summary>One row: y[0, 0..64) = a[0, 0..k) x panel (the rows left over after blocks of six).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block1(float* a, int k, float* panel, float* y, float* bias, bool relu)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        for (var i = 0; i < k; i++, panel += PanelWidth)
        {
            var x = Vector512.Create(a[i]);
            c0 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(panel), c0);
            c1 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(panel + 16), c1);
            c2 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(panel + 32), c2);
            c3 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(panel + 48), c3);
        }
        Store(y, c0, c1, c2, c3, bias, relu);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* y, Vector512<float> c0, Vector512<float> c1, Vector512<float> c2, Vector512<float> c3, float* bias, bool relu)
    {
        if (bias is not null)
        {
            (c0, c1, c2, c3) = (c0 + Vector512.Load(bias), c1 + Vector512.Load(bias + 16), c2 + Vector512.Load(bias + 32), c3 + Vector512.Load(bias + 48));
        }
        if (relu)
        {
            (c0, c1, c2, c3) = (Vector512.Max(c0, Vector512<float>.Zero), Vector512.Max(c1, Vector512<float>.Zero), Vector512.Max(c2, Vector512<float>.Zero), Vector512.Max(c3, Vector512<float>.Zero));
        }
        c0.Store(y);
        c1.Store(y + 16);
        c2.Store(y + 32);
        c3.Store(y + 48);
    }

    private static void Check(bool ok, params Tensor[] operands)
    {
        if (!ok)
        {
            throw new ArgumentException($"expected contiguous float32 [P, M, K] x packed [P, N / {PanelWidth}, K, {PanelWidth}] (or [P, K, N] to pack), got {string.Join(" x ", operands.Select(t => $"{t.dtype} [{string.Join(", ", t.shape)}]"))}");
        }
    }
}
