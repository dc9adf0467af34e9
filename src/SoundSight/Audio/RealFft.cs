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
    private void ComplexStages(Span<Vector256<double>> real, Span<Vector256<double>> imaginary)
    {
        for (var size = 2; size <= half; size *= 2)
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
                    var tr = (wr * real[other]) - (wi * imaginary[other]);
                    var ti = (wr * imaginary[other]) + (wi * real[other]);
                    real[other] = real[start] - tr;
                    imaginary[other] = imaginary[start] - ti;
                    real[start] += tr;
                    imaginary[start] += ti;
                }
            }
        }
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
