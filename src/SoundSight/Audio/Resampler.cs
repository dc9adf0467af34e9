using System.Numerics;

namespace SoundSight.Audio;

/// <summary>
/// Band-limited sample-rate conversion by a rational factor Up/Down (the rates divided by their gcd), as a
/// polyphase windowed-sinc FIR in the manner of scipy.signal.resample_poly: zero-stuff by Up, low-pass, keep every
/// Down-th sample, never forming the zeros or the discarded samples. Output sample m sits at time m / targetRate
/// exactly (the filter is symmetric and its delay is compensated), the signal is taken as zero outside its ends,
/// and there are ceil(n * Up / Down) output samples.
/// </summary>
/// <remarks>
/// <para>
/// Filter, relative to the lower of the two Nyquist frequencies fN = min(source, target) / 2 (8 kHz when the
/// target is 16 kHz): cut-off (-6 dB) at 0.95 fN; pass band up to 0.90 fN (7.2 kHz), ripple below 1e-4 dB;
/// transition 0.90 fN to 1.00 fN; stop band from fN (8 kHz) up, attenuated by at least 100 dB (Kaiser window,
/// beta = 0.1102 (100 - 8.7) = 10.06, length from Kaiser's formula, about 6.4 source-rate / (0.1 fN) taps per
/// output sample: ~350 for 44.1 kHz, ~385 for 48 kHz). Because the stop band starts at fN, nothing that would
/// fold back below the new Nyquist survives (resample_poly's default filter, cut-off at fN with Kaiser beta 5,
/// aliases a 9 kHz tone at 48 kHz into 7 kHz attenuated by only ~31 dB, a 10 kHz one by ~57 dB).
/// </para>
/// <para>
/// Documented deviation from the official code: its loader slices with 16000-based indices ([56000, 104000)) and
/// passes the file's own rate to scipy.signal.spectrogram, whatever that rate is, so a 44.1 kHz or 48 kHz file
/// silently yields a window at the wrong time, of the wrong length, on a different frequency axis. SoundSight
/// converts such audio to 16 kHz first; 16 kHz input (the only rate the official code handles correctly) is
/// passed through untouched.
/// </para>
/// </remarks>
public sealed class Resampler
{
    /// <summary>Minimum stop-band attenuation, dB.</summary>
    public const double StopbandAttenuationDb = 100.0;

    /// <summary>End of the pass band, as a fraction of the lower Nyquist frequency.</summary>
    public const double PassbandEdge = 0.90;

    /// <summary>Start of the stop band, as a fraction of the lower Nyquist frequency.</summary>
    public const double StopbandEdge = 1.00;

    // Phase r holds taps h[r + j * Up] in reverse order, so output samples are forward dot products over input.
    private readonly double[][] phases;
    private readonly int center;

    public Resampler(int sourceRate, int targetRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetRate);
        SourceRate = sourceRate;
        TargetRate = targetRate;
        var divisor = (int)BigInteger.GreatestCommonDivisor(sourceRate, targetRate);
        UpFactor = targetRate / divisor;
        DownFactor = sourceRate / divisor;
        if (UpFactor == 1 && DownFactor == 1)
        {
            phases = [];
            return;
        }
        var taps = DesignLowPass(sourceRate, targetRate, UpFactor);
        TapCount = taps.Length;
        center = (taps.Length - 1) / 2;
        phases = SplitIntoPhases(taps, UpFactor);
    }

    public int SourceRate { get; }

    public int TargetRate { get; }

    /// <summary>Interpolation factor: targetRate / gcd.</summary>
    public int UpFactor { get; }

    /// <summary>Decimation factor: sourceRate / gcd.</summary>
    public int DownFactor { get; }

    /// <summary>Length of the prototype low-pass filter (0 when the rates are equal).</summary>
    public int TapCount { get; }

    /// <summary>Samples produced from <paramref name="inputLength"/> samples: ceil(n * Up / Down).</summary>
    public int OutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        var length = (((long)inputLength * UpFactor) + DownFactor - 1) / DownFactor;
        return length <= Array.MaxLength
            ? (int)length
            : throw new ArgumentOutOfRangeException(nameof(inputLength), inputLength, "resampled audio would be too long");
    }

    /// <summary>The input at <see cref="TargetRate"/>; a copy of it when the rates are equal.</summary>
    public double[] Resample(ReadOnlySpan<double> input)
    {
        if (phases.Length == 0)
        {
            return input.ToArray();
        }
        var output = new double[OutputLength(input.Length)];
        for (var m = 0; m < output.Length; m++)
        {
            // Position in the zero-stuffed, filter-delayed signal; its phase picks the taps, its quotient the
            // newest input sample they touch.
            var position = ((long)m * DownFactor) + center;
            var taps = phases[(int)(position % UpFactor)];
            var newest = position / UpFactor;
            var oldest = newest - taps.Length + 1;
            var from = (int)Math.Max(oldest, 0);
            var to = (int)Math.Min(newest, input.Length - 1);
            if (to >= from)
            {
                output[m] = Dot(taps.AsSpan((int)(from - oldest), to - from + 1), input.Slice(from, to - from + 1));
            }
        }
        return output;
    }

    // Windowed sinc at the zero-stuffed rate Up * sourceRate, normalised to a DC gain of Up so the zero-stuffed
    // signal keeps its amplitude.
    private static double[] DesignLowPass(int sourceRate, int targetRate, int up)
    {
        var stuffedRate = (double)up * sourceRate;
        var nyquist = Math.Min(sourceRate, targetRate) / 2.0;
        var transition = 2.0 * Math.PI * (StopbandEdge - PassbandEdge) * nyquist / stuffedRate;
        var length = KaiserWindow.LengthFor(StopbandAttenuationDb, transition) | 1;
        var beta = KaiserWindow.BetaForAttenuation(StopbandAttenuationDb);
        var cutoff = (PassbandEdge + StopbandEdge) / 2.0 * nyquist / stuffedRate;
        var middle = (length - 1) / 2;
        var taps = new double[length];
        var sum = 0.0;
        for (var k = 0; k < length; k++)
        {
            var x = 2.0 * cutoff * (k - middle);
            var sinc = x == 0.0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
            taps[k] = 2.0 * cutoff * sinc * KaiserWindow.At(k, length, beta);
            sum += taps[k];
        }
        var gain = up / sum;
        for (var k = 0; k < length; k++)
        {
            taps[k] *= gain;
        }
        return taps;
    }

    private static double[][] SplitIntoPhases(double[] taps, int up)
    {
        var result = new double[up][];
        for (var r = 0; r < up; r++)
        {
            var count = r < taps.Length ? ((taps.Length - 1 - r) / up) + 1 : 0;
            var phase = new double[count];
            for (var j = 0; j < count; j++)
            {
                phase[count - 1 - j] = taps[r + (j * up)];
            }
            result[r] = phase;
        }
        return result;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = Vector<double>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            sum += new Vector<double>(a[i..]) * new Vector<double>(b[i..]);
        }
        var result = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            result += a[i] * b[i];
        }
        return result;
    }
}
