using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SoundSight.Audio;

/// <summary>
/// Forward DFT of a real signal of power-of-two length N: X[k] = sum_n x[n] e^{-2 pi i k n / N}, k = 0..N/2
/// (numpy.fft.rfft). The N real samples are packed into an N/2-point complex signal, transformed by an iterative
/// radix-2 FFT and split into the half spectrum: half the work of a complex transform of length N. Twiddles come
/// from Math.Cos/Sin of first-octant angles only, so each is correct to about one ulp and the result agrees with
/// pocketfft (numpy, scipy) to ~1e-15 relative to the spectrum's norm.
/// </summary>
internal sealed class RealFft
{
    private readonly int half;
    private readonly double[] twiddleCos;
    private readonly double[] twiddleSin;
    private readonly int[] bitReverse;

    public RealFft(int length)
    {
        if (length < 4 || (length & (length - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "the real FFT length must be a power of two, at least 4");
        }
        Length = length;
        half = length / 2;
        twiddleCos = new double[half];
        twiddleSin = new double[half];
        for (var k = 0; k < half; k++)
        {
            (twiddleCos[k], twiddleSin[k]) = UnitRoot(k, length);
        }
        bitReverse = new int[half];
        var bits = System.Numerics.BitOperations.Log2((uint)half);
        for (var i = 0; i < half; i++)
        {
            bitReverse[i] = bits == 0 ? 0 : (int)(ReverseBits((uint)i) >> (32 - bits));
        }
    }

    /// <summary>Transform length N (real input samples).</summary>
    public int Length { get; }

    /// <summary>Output bins, N/2 + 1.</summary>
    public int Bins => half + 1;

    /// <summary>
    /// Writes the N/2 + 1 bins of the spectrum of <paramref name="input"/> (through the four-lane transform, in
    /// its first lane).
    /// </summary>
    public void Forward(ReadOnlySpan<double> input, Span<double> real, Span<double> imaginary)
    {
        if (input.Length != Length || real.Length < Bins || imaginary.Length < Bins)
        {
            throw new ArgumentException($"need {Length} input samples and room for {Bins} bins");
        }
        var lanes = new Vector256<double>[Length];
        for (var n = 0; n < Length; n++)
        {
            lanes[n] = Vector256.CreateScalar(input[n]);
        }
        var re = new Vector256<double>[Bins];
        var im = new Vector256<double>[Bins];
        PackFour(lanes, re, im);
        ForwardFour(re, im);
        for (var k = 0; k < Bins; k++)
        {
            real[k] = re[k].GetElement(0);
            imaginary[k] = im[k].GetElement(0);
        }
    }

    /// <summary>Puts sample n of four signals (lane j: signal j) into the transform's bit-reversed order.</summary>
    public void PackFour(ReadOnlySpan<Vector256<double>> samples, Span<Vector256<double>> real, Span<Vector256<double>> imaginary)
    {
        for (var n = 0; n < half; n++)
        {
            var target = bitReverse[n];
            real[target] = samples[2 * n];
            imaginary[target] = samples[(2 * n) + 1];
        }
    }

    /// <summary>
    /// Four real transforms at once, one per lane, from <see cref="PackFour"/>'s layout to the N/2 + 1 bins in place.
    /// Each lane sees exactly the operations of a one-signal transform, in the same order, so it gives the same bits.
    /// </summary>
    public void ForwardFour(Span<Vector256<double>> real, Span<Vector256<double>> imaginary)
    {
        if (real.Length < Bins || imaginary.Length < Bins)
        {
            throw new ArgumentException($"need room for {Bins} bins");
        }
        ComplexStages(real, imaginary);
        Split(real, imaginary);
    }

    // In-place decimation-in-time butterflies on the bit-reversed half-length signal. The twiddle of the
    // half-length transform W_{N/2}^m is W_N^{2m}, so one table of N/2 roots of the full length serves both steps.
    // Stages go two at a time: the butterflies of stages S and 2S touch the same four elements (j, j + S/2, j + S,
    // j + 3S/2 above each multiple of 2S), so each four are loaded once and stored once, with every butterfly's
    // arithmetic and order unchanged (the same bits as one stage at a time); an odd last stage goes alone.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComplexStages(Span<Vector256<double>> real, Span<Vector256<double>> imaginary)
    {
        var size = 2;
        for (; 2 * size <= half; size *= 4)
        {
            var span = size / 2;
            var stride = 2 * (half / size);
            for (var j = 0; j < span; j++)
            {
                var wr = Vector256.Create(twiddleCos[j * stride]);
                var wi = Vector256.Create(-twiddleSin[j * stride]);
                var wr0 = Vector256.Create(twiddleCos[j * stride / 2]);
                var wi0 = Vector256.Create(-twiddleSin[j * stride / 2]);
                var wr1 = Vector256.Create(twiddleCos[(j + span) * stride / 2]);
                var wi1 = Vector256.Create(-twiddleSin[(j + span) * stride / 2]);
                for (var i0 = j; i0 < half; i0 += 2 * size)
                {
                    int i1 = i0 + span, i2 = i0 + size, i3 = i2 + span;
                    Vector256<double> r0 = real[i0], m0 = imaginary[i0], r1 = real[i1], m1 = imaginary[i1];
                    Vector256<double> r2 = real[i2], m2 = imaginary[i2], r3 = real[i3], m3 = imaginary[i3];
                    Butterfly(ref r0, ref m0, ref r1, ref m1, wr, wi);
                    Butterfly(ref r2, ref m2, ref r3, ref m3, wr, wi);
                    Butterfly(ref r0, ref m0, ref r2, ref m2, wr0, wi0);
                    Butterfly(ref r1, ref m1, ref r3, ref m3, wr1, wi1);
                    (real[i0], imaginary[i0], real[i1], imaginary[i1]) = (r0, m0, r1, m1);
                    (real[i2], imaginary[i2], real[i3], imaginary[i3]) = (r2, m2, r3, m3);
                }
            }
        }
        if (size <= half)
        {
            var span = size / 2;
            var stride = 2 * (half / size);
            for (var j = 0; j < span; j++)
            {
                var wr = Vector256.Create(twiddleCos[j * stride]);
                var wi = Vector256.Create(-twiddleSin[j * stride]);
                for (var start = j; start < half; start += size)
                {
                    var other = start + span;
                    Vector256<double> sr = real[start], si = imaginary[start], or = real[other], oi = imaginary[other];
                    Butterfly(ref sr, ref si, ref or, ref oi, wr, wi);
                    (real[start], imaginary[start], real[other], imaginary[other]) = (sr, si, or, oi);
                }
            }
        }
    }

    /// <summary>(s, o) becomes (s + w o, s - w o) for the twiddle w = wr + i wi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(ref Vector256<double> sr, ref Vector256<double> si, ref Vector256<double> or, ref Vector256<double> oi, Vector256<double> wr, Vector256<double> wi)
    {
        var tr = (wr * or) - (wi * oi);
        var ti = (wr * oi) + (wi * or);
        or = sr - tr;
        oi = si - ti;
        sr += tr;
        si += ti;
    }

    // With Z the transform of z[n] = x[2n] + i x[2n+1] and M = N/2: the even-sample spectrum is
    // E[k] = (Z[k] + conj Z[M-k]) / 2, the odd one O[k] = (Z[k] - conj Z[M-k]) / 2i, and X[k] = E[k] + W^k O[k],
    // X[M-k] = conj(E[k] - W^k O[k]). Bins k and M-k are computed together, so the split runs in place.
    private void Split(Span<Vector256<double>> real, Span<Vector256<double>> imaginary)
    {
        var z0r = real[0];
        var z0i = imaginary[0];
        real[0] = z0r + z0i;
        imaginary[0] = Vector256<double>.Zero;
        real[half] = z0r - z0i;
        imaginary[half] = Vector256<double>.Zero;
        var halfOf = Vector256.Create(0.5);
        var minusHalf = Vector256.Create(-0.5);
        for (var k = 1; k <= half / 2; k++)
        {
            var j = half - k;
            var ar = real[k];
            var ai = imaginary[k];
            var br = real[j];
            var bi = imaginary[j];
            var evenReal = halfOf * (ar + br);
            var evenImag = halfOf * (ai - bi);
            var oddReal = halfOf * (ai + bi);
            var oddImag = minusHalf * (ar - br);
            var wr = Vector256.Create(twiddleCos[k]);
            var wi = Vector256.Create(-twiddleSin[k]);
            var tr = (wr * oddReal) - (wi * oddImag);
            var ti = (wr * oddImag) + (wi * oddReal);
            real[k] = evenReal + tr;
            imaginary[k] = evenImag + ti;
            real[j] = evenReal - tr;
            imaginary[j] = -(evenImag - ti);
        }
    }

    // (cos, sin) of 2 pi k / n, reduced by symmetry to an angle in [0, pi/4] so the library functions see small,
    // exactly scaled arguments.
    private static (double Cos, double Sin) UnitRoot(int k, int n)
    {
        if (8L * k <= n)
        {
            var angle = 2.0 * Math.PI * k / n;
            return (Math.Cos(angle), Math.Sin(angle));
        }
        if (4L * k <= n)
        {
            var (c, s) = UnitRoot((n / 4) - k, n);
            return (s, c);
        }
        if (2L * k <= n)
        {
            var (c, s) = UnitRoot(k - (n / 4), n);
            return (-s, c);
        }
        var (cr, sr) = UnitRoot(k - (n / 2), n);
        return (-cr, -sr);
    }

    private static uint ReverseBits(uint value)
    {
        value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
        value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
        value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
        value = ((value >> 8) & 0x00FF00FFu) | ((value & 0x00FF00FFu) << 8);
        return (value >> 16) | (value << 16);
    }
}
