using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SoundSight.Protocol;

namespace SoundSight.Audio;

/// <summary>
/// scipy.signal.spectrogram(x, fs, nperseg=SegmentLength, noverlap=Overlap) with every other argument at scipy's
/// default, in double precision: periodic Tukey window (alpha 0.25), segments every SegmentLength - Overlap
/// samples (as many as fit, no padding, no boundary extension), constant detrend (each segment's mean removed),
/// one-sided power spectral density |X|^2 / (fs * sum(w^2)), doubled in every bin except DC and Nyquist.
/// Output is C-order [frequency][time], like scipy's Sxx.
/// </summary>
/// <remarks>
/// The window, its power and the FFT twiddles are computed once per instance; a call rents its three
/// segment-sized buffers (of four-lane vectors), so instances are safe to share between threads.
/// </remarks>
public sealed class Spectrogram
{
    /// <summary>scipy's default window is ('tukey', 0.25).</summary>
    public const double TukeyAlpha = 0.25;

    private readonly double[] window;
    private readonly double windowPower;
    private readonly RealFft fft;

    public Spectrogram(int segmentLength = OfficialProtocol.SpectrogramSegment, int overlap = OfficialProtocol.SpectrogramOverlap)
    {
        if (segmentLength < 4 || (segmentLength & (segmentLength - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(segmentLength), segmentLength, "segment length must be a power of two, at least 4");
        }
        if (overlap < 0 || overlap >= segmentLength)
        {
            throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "overlap must be in [0, segment length)");
        }
        SegmentLength = segmentLength;
        Overlap = overlap;
        window = TukeyWindow.Periodic(segmentLength, TukeyAlpha);
        windowPower = PairwiseSum.SumOfSquares(window);
        fft = new RealFft(segmentLength);
    }

    /// <summary>nperseg.</summary>
    public int SegmentLength { get; }

    /// <summary>noverlap.</summary>
    public int Overlap { get; }

    /// <summary>Hop between segment starts.</summary>
    public int Step => SegmentLength - Overlap;

    /// <summary>Rows of the output: SegmentLength / 2 + 1.</summary>
    public int FrequencyBins => (SegmentLength / 2) + 1;

    /// <summary>The analysis window (a copy).</summary>
    public double[] Window => (double[])window.Clone();

    /// <summary>Columns of the output for a signal of this many samples: (n - noverlap) // step, as scipy.</summary>
    public int FrameCount(int sampleCount)
    {
        if (sampleCount < SegmentLength)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, $"need at least {SegmentLength} samples (scipy would silently shrink the segment)");
        }
        return (sampleCount - Overlap) / Step;
    }

    /// <summary>The [FrequencyBins][FrameCount] power spectral density, C order.</summary>
    public double[] PowerSpectralDensity(ReadOnlySpan<double> samples, double sampleRate)
    {
        var result = new double[FrequencyBins * FrameCount(samples.Length)];
        PowerSpectralDensity(samples, sampleRate, result);
        return result;
    }

    /// <summary>Writes the [FrequencyBins][FrameCount] power spectral density, C order, into destination.</summary>
    public void PowerSpectralDensity(ReadOnlySpan<double> samples, double sampleRate, Span<double> destination)
    {
        if (!(sampleRate > 0) || double.IsInfinity(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        }
        var frames = FrameCount(samples.Length);
        var bins = FrequencyBins;
        if (destination.Length != bins * frames)
        {
            throw new ArgumentException($"destination must hold {bins} x {frames} values", nameof(destination));
        }
        var scale = 1.0 / (sampleRate * windowPower);
        // Four segments go through the FFT together, one per vector lane (the same bits as one at a time); a last
        // group of fewer repeats its first segment in the spare lanes and keeps only the real ones.
        var pool = ArrayPool<Vector256<double>>.Shared;
        var segments = pool.Rent(SegmentLength);
        var real = pool.Rent(bins);
        var imaginary = pool.Rent(bins);
        try
        {
            Fill(samples, destination, frames, scale, segments.AsSpan(0, SegmentLength), real.AsSpan(0, bins), imaginary.AsSpan(0, bins));
        }
        finally
        {
            pool.Return(imaginary);
            pool.Return(real);
            pool.Return(segments);
        }
    }

    // Fully optimised from the first call: training starts at once, and the vector code is slow at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill(ReadOnlySpan<double> samples, Span<double> destination, int frames, double scale, Span<Vector256<double>> segments, Span<Vector256<double>> real, Span<Vector256<double>> imaginary)
    {
        var bins = FrequencyBins;
        var nyquist = SegmentLength / 2;
        var length = Vector256.Create((double)SegmentLength);
        var scaleLanes = Vector256.Create(scale);
        var two = Vector256.Create(2.0);
        Span<double> power = stackalloc double[4];
        for (var t = 0; t < frames; t += 4)
        {
            var lanes = Math.Min(4, frames - t);
            Gather(samples, t * Step, Math.Min(t + 1, t + lanes - 1) * Step, Math.Min(t + 2, t + lanes - 1) * Step, Math.Min(t + 3, t + lanes - 1) * Step, segments);
            // Each lane is summed, centred and windowed with the scalar code's operations in its order.
            var mean = PairwiseSum.SumLanes(segments) / length;
            for (var i = 0; i < SegmentLength; i++)
            {
                segments[i] = Vector256.Create(window[i]) * (segments[i] - mean);
            }
            fft.PackFour(segments, real, imaginary);
            fft.ForwardFour(real, imaginary);
            for (var f = 0; f < bins; f++)
            {
                var p = ((real[f] * real[f]) + (imaginary[f] * imaginary[f])) * scaleLanes;
                if (f != 0 && f != nyquist)
                {
                    p *= two;
                }
                if (lanes == 4)
                {
                    p.CopyTo(destination[((f * frames) + t)..]);
                }
                else
                {
                    p.CopyTo(power);
                    power[..lanes].CopyTo(destination.Slice((f * frames) + t, lanes));
                }
            }
        }
    }

    /// <summary>Sample i of the four segments starting at a, b, c and d into the lanes of segments[i].</summary>
    private void Gather(ReadOnlySpan<double> samples, int a, int b, int c, int d, Span<Vector256<double>> segments)
    {
        var n = SegmentLength;
        if (!Avx.IsSupported)
        {
            for (var i = 0; i < n; i++)
            {
                segments[i] = Vector256.Create(samples[a + i], samples[b + i], samples[c + i], samples[d + i]);
            }
            return;
        }
        // Four samples of each segment at a time, transposed in registers (segment lengths are powers of two, >= 4).
        for (var i = 0; i < n; i += 4)
        {
            var ra = Vector256.Create(samples.Slice(a + i, 4));
            var rb = Vector256.Create(samples.Slice(b + i, 4));
            var rc = Vector256.Create(samples.Slice(c + i, 4));
            var rd = Vector256.Create(samples.Slice(d + i, 4));
            var evenAb = Avx.UnpackLow(ra, rb);
            var oddAb = Avx.UnpackHigh(ra, rb);
            var evenCd = Avx.UnpackLow(rc, rd);
            var oddCd = Avx.UnpackHigh(rc, rd);
            segments[i] = Avx.Permute2x128(evenAb, evenCd, 0x20);
            segments[i + 1] = Avx.Permute2x128(oddAb, oddCd, 0x20);
            segments[i + 2] = Avx.Permute2x128(evenAb, evenCd, 0x31);
            segments[i + 3] = Avx.Permute2x128(oddAb, oddCd, 0x31);
        }
    }
}
