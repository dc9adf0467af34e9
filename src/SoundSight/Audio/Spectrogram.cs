using System.Numerics;

namespace SoundSight.Audio;

/// <summary>
/// scipy.signal.spectrogram(x, fs, nperseg, noverlap) with scipy's defaults, in double: periodic Tukey(0.25)
/// window, per-segment mean removal (detrend='constant'), one-sided, density scaling. Matches scipy to about
/// 1e-14 relative. torch.stft (no detrend) and float32 libraries do not, which is why this is written out.
/// One instance precomputes the window and FFT tables; it is immutable and safe to share between threads.
/// </summary>
public sealed class Spectrogram
{
    private readonly int _segment;
    private readonly int _step;
    private readonly double[] _window;
    private readonly double _scale;
    private readonly int _half;
    private readonly Complex[] _twiddles;
    private readonly Complex[] _unpack;
    private readonly int[] _bitReverse;

    public Spectrogram(int sampleRate, int segment, int overlap)
    {
        if (segment < 2 || (segment & (segment - 1)) != 0)
        {
            throw new ArgumentException("segment length must be a power of two", nameof(segment));
        }
        if (overlap < 0 || overlap >= segment)
        {
            throw new ArgumentException("overlap must be in [0, segment)", nameof(overlap));
        }
        _segment = segment;
        _step = segment - overlap;
        _window = PeriodicTukey(segment, 0.25);
        var energy = 0.0;
        foreach (var w in _window)
        {
            energy += w * w;
        }
        _scale = 1.0 / (sampleRate * energy);
        // A real FFT of length N as a complex FFT of length N/2 on (even, odd) pairs plus one unpacking pass:
        // half the work of a complex FFT of the real signal. Twiddles straight from cos/sin (full double accuracy).
        _half = segment / 2;
        _twiddles = new Complex[_half / 2];
        for (var k = 0; k < _half / 2; k++)
        {
            var angle = -2.0 * Math.PI * k / _half;
            _twiddles[k] = new Complex(Math.Cos(angle), Math.Sin(angle));
        }
        _unpack = new Complex[_half + 1];
        for (var k = 0; k <= _half; k++)
        {
            var angle = -2.0 * Math.PI * k / segment;
            _unpack[k] = new Complex(Math.Cos(angle), Math.Sin(angle));
        }
        _bitReverse = BitReversal(_half);
    }

    public int FrequencyBins => (_segment / 2) + 1;

    /// <summary>Frames scipy produces for <paramref name="length"/> samples.</summary>
    public int FramesFor(int length) => length < _segment ? 0 : ((length - _segment) / _step) + 1;

    /// <summary>Power spectral density, [frequency][time] in C order (FrequencyBins x FramesFor(x.Length)).</summary>
    public double[] Compute(ReadOnlySpan<double> x)
    {
        var frames = FramesFor(x.Length);
        var bins = FrequencyBins;
        var result = new double[bins * frames];
        var buffer = new Complex[_half];
        var windowed = new double[_segment];
        for (var t = 0; t < frames; t++)
        {
            var segment = x.Slice(t * _step, _segment);
            var mean = 0.0;
            foreach (var v in segment)
            {
                mean += v;
            }
            // numpy's mean is a pairwise sum; a plain sum differs by ~1e-16 relative, far below what matters here.
            mean /= _segment;
            for (var i = 0; i < _segment; i++)
            {
                windowed[i] = (segment[i] - mean) * _window[i];
            }
            for (var i = 0; i < _half; i++)
            {
                buffer[_bitReverse[i]] = new Complex(windowed[2 * i], windowed[(2 * i) + 1]);
            }
            Fft(buffer);
            for (var f = 0; f < bins; f++)
            {
                // X[f] = E[f] + W^f O[f], with E, O the spectra of the even and odd samples recovered from Z.
                var z = buffer[f % _half];
                var zc = Complex.Conjugate(buffer[(_half - f) % _half]);
                var even = (z + zc) * 0.5;
                var odd = (z - zc) * new Complex(0, -0.5);
                var c = even + (_unpack[f] * odd);
                var power = ((c.Real * c.Real) + (c.Imaginary * c.Imaginary)) * _scale;
                if (f != 0 && f != bins - 1)
                {
                    power *= 2;
                }
                result[(f * frames) + t] = power;
            }
        }
        return result;
    }

    /// <summary>scipy get_window(('tukey', alpha), n): the symmetric window of n + 1 points, last point dropped.</summary>
    internal static double[] PeriodicTukey(int n, double alpha)
    {
        var m = n + 1;
        var width = (int)Math.Floor(alpha * (m - 1) / 2.0);
        var full = new double[m];
        for (var i = 0; i < m; i++)
        {
            if (i <= width)
            {
                full[i] = 0.5 * (1 + Math.Cos(Math.PI * (-1 + (2.0 * i / alpha / (m - 1)))));
            }
            else if (i < m - width - 1)
            {
                full[i] = 1.0;
            }
            else
            {
                full[i] = 0.5 * (1 + Math.Cos(Math.PI * ((-2.0 / alpha) + 1 + (2.0 * i / alpha / (m - 1)))));
            }
        }
        return full[..n];
    }

    private void Fft(Complex[] a)
    {
        var n = a.Length;
        for (var size = 2; size <= n; size <<= 1)
        {
            var half = size >> 1;
            var stride = n / size;
            for (var start = 0; start < n; start += size)
            {
                for (var k = 0; k < half; k++)
                {
                    var t = _twiddles[k * stride] * a[start + k + half];
                    var u = a[start + k];
                    a[start + k] = u + t;
                    a[start + k + half] = u - t;
                }
            }
        }
    }

    private static int[] BitReversal(int n)
    {
        var bits = BitOperations.Log2((uint)n);
        var table = new int[n];
        for (var i = 0; i < n; i++)
        {
            var r = 0;
            for (var b = 0; b < bits; b++)
            {
                r |= ((i >> b) & 1) << (bits - 1 - b);
            }
            table[i] = r;
        }
        return table;
    }
}
